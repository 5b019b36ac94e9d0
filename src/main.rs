//! `doorstep`: the command line. Parses arguments, sets up logging, calls the library.

use std::io::BufRead;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use doorstep::app::{shutdown_signal, Application};
use doorstep::config::{Overrides, Settings};
use doorstep::domain::PhoneNumber;
use doorstep::models::{self, Manifest};
use doorstep::simulator::Phone;
use doorstep::store::Store;
use doorstep::triage::{PatientContext, Triage};

#[derive(Parser)]
#[command(
    name = "doorstep",
    version,
    about = "DoorStepDoctor: health care by phone call and SMS"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct Common {
    /// Settings file (TOML); also DOORSTEP_CONFIG.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Database URL: sqlite://data/doorstep.db (default) or postgres://…; also DATABASE_URL.
    #[arg(long, global = true)]
    database: Option<String>,
    /// Directory for the SQLite database and the generated token; also DOORSTEP_DATA_DIR.
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the webhook service.
    Serve {
        #[command(flatten)]
        common: Common,
        /// Address to listen on; also DOORSTEP_BIND.
        #[arg(long)]
        bind: Option<String>,
        /// Base URL Twilio calls; also DOORSTEP_PUBLIC_URL.
        #[arg(long)]
        public_url: Option<String>,
    },
    /// Applies database migrations and exits.
    Migrate {
        #[command(flatten)]
        common: Common,
    },
    /// Places a simulated call against a running service; type digits at each prompt.
    Call {
        #[command(flatten)]
        common: Common,
        /// The caller's number (E.164).
        #[arg(long)]
        from: String,
        /// The service's number.
        #[arg(long, default_value = "+911800000000")]
        to: String,
        /// Where the service listens (default: the public URL).
        #[arg(long)]
        server: Option<String>,
        /// Which carrier to play: `twilio`, `plivo` (signed with PLIVO_AUTH_TOKEN) or
        /// `exotel` (the whole call over its Voicebot stream, with the EXOTEL_STREAM_*
        /// credentials; needs --stream).
        #[arg(long, default_value = "twilio")]
        carrier: String,
        /// A WAV file the caller says over the media stream, in real time, when the
        /// service connects one (menu 1 in a language it can hear and speak).
        #[arg(long)]
        stream: Option<PathBuf>,
        /// With --stream: say the file again this many seconds into the reply (barge-in).
        #[arg(long)]
        barge_in: Option<f32>,
        /// With --carrier exotel: the keys pressed over the stream, one as each prompt
        /// begins (`21`: the second language, then menu 1), before the file is said.
        #[arg(long, default_value = "")]
        keys: String,
        /// With --stream: the language the file is spoken in, whose recogniser prints what
        /// the service hears as it is said (partial and final transcripts).
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Sends a simulated SMS to a running service and prints the reply.
    Sms {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        from: String,
        #[arg(long, default_value = "+911800000000")]
        to: String,
        #[arg(long)]
        server: Option<String>,
        /// Which carrier to play: `twilio` or `plivo` (signed with PLIVO_AUTH_TOKEN).
        #[arg(long, default_value = "twilio")]
        carrier: String,
        /// The message text.
        text: String,
    },
    /// Triage free text: prints the urgency (or JSON), or reads JSON Lines with --jsonl.
    Triage {
        /// Language of the text, for the localised advice (any language is understood).
        #[arg(long, default_value = "en")]
        lang: String,
        /// Print JSON instead of a sentence.
        #[arg(long)]
        json: bool,
        /// Read one {"text": …, "lang": …} object per line from FILE, or - for stdin.
        #[arg(long)]
        jsonl: Option<PathBuf>,
        /// The text to assess.
        text: Option<String>,
    },
    /// Scores triage on labelled JSON Lines (text, urgency): confusion matrix and rates.
    EvalTriage {
        /// A JSONL file such as tests/data/triage_eval_dev.jsonl.
        file: PathBuf,
        /// Also print the figures for each language (the `lang` field).
        #[arg(long)]
        by_lang: bool,
    },
    /// Speaks a text with a language's Piper voice into a WAV file (needs --features speech).
    Say {
        #[arg(long, default_value = "en")]
        lang: String,
        /// A voice under models/voices/ or a path to its .onnx (default: the language's).
        #[arg(long)]
        voice: Option<String>,
        /// Write telephone audio (8 kHz) instead of the voice's own rate.
        #[arg(long)]
        telephone: bool,
        #[arg(long)]
        out: PathBuf,
        text: String,
    },
    /// Prints what a WAV file (any rate) says, with a language's Vosk model (--features speech).
    Transcribe {
        #[arg(long)]
        lang: String,
        /// A model directory under models/vosk/ or a path (default: the language code).
        #[arg(long)]
        model: Option<String>,
        file: PathBuf,
    },
    /// Models and native libraries: `models fetch [NAME…] [--all]`, `models list`.
    Models {
        #[command(subcommand)]
        action: ModelsAction,
    },
    /// Imports doctors, pharmacies or inventory from CSV (all or nothing; re-import updates).
    Import {
        #[command(flatten)]
        common: Common,
        kind: doorstep::import::Kind,
        file: PathBuf,
    },
    /// Lists open callback requests for the operator's team to work through.
    Callbacks {
        #[command(flatten)]
        common: Common,
    },
    /// Lists SMS and calls waiting in the outbox (with no carrier configured, the console's
    /// sign-in codes wait here).
    Outbox {
        #[command(flatten)]
        common: Common,
        /// Only those to this number.
        #[arg(long)]
        to: Option<String>,
    },
    /// Operators who may sign in to the web console (`/console`).
    Operator {
        #[command(flatten)]
        common: Common,
        #[command(subcommand)]
        action: OperatorAction,
    },
}

#[derive(Subcommand)]
enum OperatorAction {
    /// Adds an operator by phone number (E.164); the sign-in code is sent there by SMS.
    Add {
        phone: String,
        /// How the console names them.
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Removes an operator and ends their sessions.
    Remove { phone: String },
    /// Stops any number (a doctor or pharmacist who left) from signing in to the console,
    /// and ends its sessions; `--undo` lets it sign in again.
    Block {
        phone: String,
        #[arg(long)]
        undo: bool,
    },
}

#[derive(Subcommand)]
enum ModelsAction {
    /// Fetches what is missing (the defaults, the named artefacts, or --all), verifying checksums.
    Fetch {
        names: Vec<String>,
        #[arg(long)]
        all: bool,
        /// Also every artefact for these languages (e.g. `--lang hi`: the Hindi voice and model).
        #[arg(long)]
        lang: Vec<String>,
        /// Where models live.
        #[arg(long, default_value = "models")]
        dir: PathBuf,
    },
    /// Lists the manifest and what is present.
    List {
        #[arg(long, default_value = "models")]
        dir: PathBuf,
    },
}

fn overrides(common: &Common) -> Overrides {
    Overrides {
        config_file: common.config.clone(),
        database_url: common.database.clone(),
        data_dir: common.data_dir.clone(),
        ..Default::default()
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "doorstep=info,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Command::Serve {
            common,
            bind,
            public_url,
        } => {
            let o = Overrides {
                bind,
                public_url,
                ..overrides(&common)
            };
            let settings = Settings::load(&o)?;
            let app = Application::build(settings).await?;
            app.run_until(shutdown_signal()).await?;
        }
        Command::Migrate { common } => {
            let settings = Settings::load(&overrides(&common))?;
            let store = Store::connect(&settings.database_url).await?;
            doorstep::app::load_places(&store, &settings.models_dir).await?;
            println!(
                "migrations applied; pincode directory holds {} pincodes",
                store.pincode_count().await?
            );
        }
        Command::Call {
            common,
            from,
            to,
            server,
            carrier,
            stream,
            barge_in,
            keys,
            lang,
        } => {
            let audio = match &stream {
                Some(path) => {
                    let bytes = std::fs::read(path)
                        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
                    let audio = doorstep::speech::audio::read_wav(&bytes)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                    Some(audio.resampled(doorstep::speech::TELEPHONE_RATE).to_i16())
                }
                None => None,
            };
            let settings = Settings::load(&overrides(&common))?;
            let said = audio.map(|audio| {
                // The service hears the file as the carrier carries it: Exotel's 16-bit
                // PCM as it is, Twilio's and Plivo's mu-law after its round trip.
                let carried = match carrier.as_str() {
                    "exotel" => audio.clone(),
                    _ => {
                        use doorstep::media::codec::Encoding;
                        Encoding::MuLaw.decode(&Encoding::MuLaw.encode(&audio))
                    }
                };
                let (transcript, ear) = hearing(&settings, &lang, &carried);
                doorstep::simulator::Saying {
                    transcript,
                    ear,
                    audio,
                    barge: barge_in,
                }
            });
            if carrier == "exotel" {
                let credentials = settings.exotel_stream.clone().context(
                    "--carrier exotel needs EXOTEL_STREAM_USER, EXOTEL_STREAM_PASSWORD and EXOTEL_STREAM_SECRET as the service has them",
                )?;
                let said = said.context("--carrier exotel needs --stream FILE.wav")?;
                let from = PhoneNumber::parse(&from)
                    .context("--from must be an E.164 number such as +919876543210")?;
                let server = server.unwrap_or_else(|| settings.public_url.clone());
                doorstep::simulator::ExotelCall {
                    server: &server,
                    credentials: &credentials,
                    from: &from,
                    to: &to,
                    keys: &keys,
                    said: &said,
                }
                .run(&mut std::io::stdout())
                .await?;
                return Ok(());
            }
            let mut phone = phone(&common, &from, to, server, &carrier)?;
            phone.stream_audio = said;
            let stdin = std::io::stdin();
            let mut keys = stdin.lock().lines().map_while(Result::ok);
            phone.call(&mut keys, &mut std::io::stdout()).await?;
        }
        Command::Sms {
            common,
            from,
            to,
            server,
            carrier,
            text,
        } => {
            let phone = phone(&common, &from, to, server, &carrier)?;
            for reply in phone.sms(&text).await? {
                println!("{reply}");
            }
        }
        Command::Triage {
            lang,
            json,
            jsonl,
            text,
        } => triage_command(&lang, json, jsonl, text)?,
        Command::EvalTriage { file, by_lang } => {
            let raw = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let cases = doorstep::triage::eval::read_cases(&raw).map_err(anyhow::Error::msg)?;
            let report = doorstep::triage::eval::evaluate(&triage_engine()?, &cases);
            print!("{}", report.render());
            if by_lang {
                print!("\n{}", report.render_by_language());
            }
        }
        Command::Models { action } => models_command(action).await?,
        Command::Say {
            lang,
            voice,
            telephone,
            out,
            text,
        } => {
            let mut speech = Settings::load(&Overrides::default())?.speech;
            let default = speech
                .voices
                .iter()
                .find(|(l, _)| *l == lang)
                .map(|(_, v)| v.clone());
            let voice = voice
                .or(default)
                .with_context(|| format!("no voice for '{lang}': pass --voice"))?;
            speech.voices = vec![(lang.clone(), voice)];
            speech.recognisers = vec![];
            speech.explicit_voices = true;
            let engine = doorstep::speech::Speech::load(&speech)?;
            let started = std::time::Instant::now();
            let mut audio = engine.speak(&lang, &text).await?;
            let took = started.elapsed();
            if telephone {
                audio = audio.resampled(doorstep::speech::TELEPHONE_RATE);
            }
            std::fs::write(&out, doorstep::speech::audio::write_wav(&audio))
                .with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!(
                "{}: {:.2} s of audio at {} Hz in {:.0} ms",
                out.display(),
                audio.seconds(),
                audio.rate,
                took.as_secs_f64() * 1000.0
            );
        }
        Command::Transcribe { lang, model, file } => {
            let mut speech = Settings::load(&Overrides::default())?.speech;
            speech.voices = vec![];
            speech.recognisers = vec![(lang.clone(), model.unwrap_or_else(|| lang.clone()))];
            speech.explicit_recognisers = true;
            speech.workers = 1;
            let engine = doorstep::speech::Speech::load(&speech)?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let audio = doorstep::speech::audio::read_wav(&bytes)
                .with_context(|| format!("{} is not a WAV file we can read", file.display()))?;
            let text = engine
                .transcribe(&lang, audio, std::time::Duration::from_secs(600))
                .await?;
            println!("{text}");
        }
        Command::Import { common, kind, file } => {
            let settings = Settings::load(&overrides(&common))?;
            let store = Store::connect(&settings.database_url).await?;
            let catalog = doorstep::languages::Catalog::load(&settings.languages_dir)?;
            let n = doorstep::import::import(&store, &catalog, kind, &file).await?;
            println!("imported {n} {kind:?} from {}", file.display());
        }
        Command::Operator { common, action } => {
            let settings = Settings::load(&overrides(&common))?;
            let store = Store::connect(&settings.database_url).await?;
            operator_command(&store, &settings, action).await?;
        }
        Command::Outbox { common, to } => {
            let settings = Settings::load(&overrides(&common))?;
            let store = Store::connect(&settings.database_url).await?;
            let to = to.map(|t| PhoneNumber::parse(&t)).transpose()?;
            for item in store.outbox_waiting(to.as_ref()).await? {
                println!(
                    "{}\t{}\t{}\t{}",
                    item.id, item.kind, item.to_phone, item.body
                );
            }
        }
        Command::Callbacks { common } => {
            let settings = Settings::load(&overrides(&common))?;
            let store = Store::connect(&settings.database_url).await?;
            for (id, phone, topic, at) in store.all_open_callbacks().await? {
                println!("{id}\t{phone}\t{topic}\t{at}");
            }
        }
    }
    Ok(())
}

async fn operator_command(
    store: &Store,
    settings: &Settings,
    action: OperatorAction,
) -> anyhow::Result<()> {
    let parse = |raw: &str| {
        PhoneNumber::parse(raw).map_err(|e| anyhow::anyhow!("{raw}: {e} (write it as +91…)"))
    };
    match action {
        OperatorAction::Add { phone, name } => {
            let phone = parse(&phone)?;
            store.add_operator(&phone, &name).await?;
            println!(
                "operator {phone} may sign in at {}/console",
                settings.public_url
            );
        }
        OperatorAction::Remove { phone } => {
            let phone = parse(&phone)?;
            let removed = store.remove_operator(&phone).await?;
            println!(
                "{}",
                if removed {
                    "operator removed"
                } else {
                    "no such operator"
                }
            );
        }
        OperatorAction::Block { phone, undo } => {
            let phone = parse(&phone)?;
            store
                .set_console_blocked(&phone, !undo, doorstep::domain::now_unix())
                .await?;
            println!(
                "{phone} {}",
                if undo {
                    "may sign in again"
                } else {
                    "can no longer sign in; its sessions ended"
                }
            );
        }
    }
    Ok(())
}

async fn models_command(action: ModelsAction) -> anyhow::Result<()> {
    match action {
        ModelsAction::Fetch {
            names,
            all,
            lang,
            dir,
        } => {
            let manifest = Manifest::load(&dir.join("manifest.toml"))?;
            let client = reqwest::Client::new();
            let mut failed = vec![];
            let mut chosen = manifest.select(&names, all)?;
            // `--lang hi` adds every artefact for Hindi (voices, recognisers) to the rest.
            for a in &manifest.artifact {
                if lang.contains(&a.language) && !chosen.iter().any(|c| c.name == a.name) {
                    chosen.push(a);
                }
            }
            for artifact in chosen {
                if let Err(e) = models::fetch(&client, artifact, &dir, &mut std::io::stderr()).await
                {
                    eprintln!("{e}");
                    let others = manifest.alternatives(artifact);
                    if !others.is_empty() {
                        eprintln!(
                            "  alternatives for {} ({}): {} (`doorstep models fetch NAME`)",
                            artifact.kind,
                            artifact.language,
                            others.join(", ")
                        );
                    }
                    failed.push(artifact.name.clone());
                }
            }
            models::clear_cache(&dir);
            anyhow::ensure!(failed.is_empty(), "could not fetch: {}", failed.join(", "));
        }
        ModelsAction::List { dir } => {
            let manifest = Manifest::load(&dir.join("manifest.toml"))?;
            for a in &manifest.artifact {
                let state = if models::is_present(a, &dir.join(&a.path)) {
                    "present"
                } else {
                    "missing"
                };
                let default = if a.default { "default" } else { "optional" };
                println!(
                    "{:<28} {:<8} {:<6} {:<8} {:<8} {}",
                    a.name, a.kind, a.language, default, state, a.note
                );
            }
        }
    }
    Ok(())
}

fn triage_engine() -> anyhow::Result<Triage> {
    let settings = Settings::load(&Overrides::default())?;
    let engine = doorstep::app::triage_engine(&settings)?;
    eprintln!(
        "triage: rules{}",
        if engine.has_ranker() {
            " and embeddings"
        } else {
            " only (embeddings not built in or not fetched)"
        }
    );
    Ok(engine)
}

fn triage_command(
    lang: &str,
    json: bool,
    jsonl: Option<PathBuf>,
    text: Option<String>,
) -> anyhow::Result<()> {
    let settings = Settings::load(&Overrides::default())?;
    let engine = triage_engine()?;
    let catalog = doorstep::languages::Catalog::load(&settings.languages_dir)?;
    let emergency = settings.emergency_number.as_str();
    // Suggested actions in the text's language (romanised Hindi reads Hindi).
    let actions = |code: &str, urgency| {
        let code = if code == "hinglish" { "hi" } else { code };
        let language = catalog.parse(code).unwrap_or_else(|| catalog.fallback());
        doorstep::triage::guide::actions(&catalog, &language, urgency, emergency)
    };
    let Some(source) = jsonl else {
        let text = text.context("give the text to assess, or --jsonl FILE")?;
        let a = engine.assess_full(&text, &PatientContext::default());
        let suggested = actions(lang, a.urgency);
        if json {
            let out = serde_json::json!({"lang": lang, "text": text, "assessment": a, "actions": suggested});
            println!("{out}");
        } else {
            println!("{}: {}", a.urgency, a.reason);
            for action in suggested {
                println!("  - {action}");
            }
        }
        return Ok(());
    };
    let reader: Box<dyn BufRead> = if source.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::io::BufReader::new(std::fs::File::open(&source)?))
    };
    for (i, line) in reader.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let input: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("line {}: not JSON", i + 1))?;
        let text = input
            .get("text")
            .and_then(|t| t.as_str())
            .with_context(|| format!("line {}: no \"text\"", i + 1))?;
        let line_lang = input.get("lang").and_then(|l| l.as_str()).unwrap_or(lang);
        let a = engine.assess_full(text, &PatientContext::default());
        let decided_by = a.decided_by.as_ref().map(|r| {
            serde_json::json!({"rule": r.rule.id, "sign": r.rule.sign, "source": r.rule.source})
        });
        let concepts: Vec<&str> = a
            .concepts
            .iter()
            .filter(|c| c.active())
            .map(|c| c.concept.as_str())
            .collect();
        let mut out = serde_json::json!({"urgency": a.urgency, "red_flags": a.red_flags,
            "connect_doctor": a.connect_doctor, "reason": a.reason, "unclear": a.unclear,
            "decided_by": decided_by, "concepts": concepts,
            "actions": actions(line_lang, a.urgency)});
        for key in ["id", "lang"] {
            if let Some(v) = input.get(key) {
                out[key] = v.clone();
            }
        }
        println!("{out}");
    }
    Ok(())
}

fn phone(
    common: &Common,
    from: &str,
    to: String,
    server: Option<String>,
    carrier: &str,
) -> anyhow::Result<Phone> {
    let settings = Settings::load(&overrides(common))?;
    let from =
        PhoneNumber::parse(from).context("--from must be an E.164 number such as +919876543210")?;
    let carrier = doorstep::simulator::Carrier::parse(carrier)
        .context("--carrier must be twilio, plivo or exotel")?;
    let token = match carrier {
        doorstep::simulator::Carrier::Twilio => settings.twilio_auth_token.clone(),
        doorstep::simulator::Carrier::Plivo => settings
            .plivo_auth_token
            .clone()
            .context("--carrier plivo signs with PLIVO_AUTH_TOKEN: set it as the service has it")?,
    };
    Ok(Phone {
        client: reqwest::Client::new(),
        server: server
            .unwrap_or_else(|| settings.public_url.clone())
            .trim_end_matches('/')
            .to_owned(),
        public_url: settings.public_url.clone(),
        token,
        from,
        to,
        carrier,
        stream_audio: None,
    })
}

/// What the service's recogniser for `lang` hears of the caller's file as it is said, and an
/// ear (the same model) for the words of the reply, for the simulator to print beside the
/// stream; nothing (with a note) where this build or machine has no recogniser for `lang`.
fn hearing(
    settings: &Settings,
    lang: &str,
    audio: &[i16],
) -> (
    Vec<(std::time::Duration, doorstep::simulator::Words)>,
    Option<doorstep::simulator::Ear>,
) {
    #[cfg(feature = "speech")]
    {
        let failed = match doorstep::speech::Speech::load_recogniser(&settings.speech, lang) {
            Some(Ok(r)) => {
                let r = std::sync::Arc::new(r);
                match doorstep::simulator::transcribe(&r, audio) {
                    Ok(lines) => {
                        let ear: doorstep::simulator::Ear = Box::new(move |reply: &[i16]| {
                            let audio = doorstep::speech::audio::Audio {
                                rate: doorstep::speech::TELEPHONE_RATE,
                                samples: doorstep::media::codec::to_f32(reply),
                            };
                            r.transcribe(&audio).unwrap_or_default()
                        });
                        return (lines, Some(ear));
                    }
                    Err(e) => e.to_string(),
                }
            }
            Some(Err(e)) => e.to_string(),
            None => format!("no recogniser is fetched for {lang} (--lang names the file's)"),
        };
        eprintln!("(no transcript: {failed})");
    }
    #[cfg(not(feature = "speech"))]
    {
        let _ = (settings, lang, audio);
        eprintln!("(no transcript: built without --features speech)");
    }
    (vec![], None)
}
