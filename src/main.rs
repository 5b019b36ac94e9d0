//! `doorstep`: the command line. Parses arguments, sets up logging, calls the library.

use std::io::BufRead;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use doorstep::app::{shutdown_signal, Application};
use doorstep::config::{Overrides, Settings};
use doorstep::domain::PhoneNumber;
use doorstep::simulator::Phone;
use doorstep::store::Store;

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
        /// The message text.
        text: String,
    },
    /// Lists open callback requests for the operator's team to work through.
    Callbacks {
        #[command(flatten)]
        common: Common,
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
            Store::connect(&settings.database_url).await?;
            println!("migrations applied");
        }
        Command::Call {
            common,
            from,
            to,
            server,
        } => {
            let phone = phone(&common, &from, to, server)?;
            let stdin = std::io::stdin();
            let mut keys = stdin.lock().lines().map_while(Result::ok);
            phone.call(&mut keys, &mut std::io::stdout()).await?;
        }
        Command::Sms {
            common,
            from,
            to,
            server,
            text,
        } => {
            let phone = phone(&common, &from, to, server)?;
            for reply in phone.sms(&text).await? {
                println!("{reply}");
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

fn phone(common: &Common, from: &str, to: String, server: Option<String>) -> anyhow::Result<Phone> {
    let settings = Settings::load(&overrides(common))?;
    let from =
        PhoneNumber::parse(from).context("--from must be an E.164 number such as +919876543210")?;
    Ok(Phone {
        client: reqwest::Client::new(),
        server: server
            .unwrap_or_else(|| settings.public_url.clone())
            .trim_end_matches('/')
            .to_owned(),
        public_url: settings.public_url.clone(),
        token: settings.twilio_auth_token.clone(),
        from,
        to,
    })
}
