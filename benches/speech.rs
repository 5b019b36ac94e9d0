//! Speech benchmark: Piper time to first audio and real-time factor, Vosk real-time factor on
//! 8 kHz telephone audio fed in 20 ms chunks, fresh against reused recognisers, concurrent
//! real-time streams, and peak RSS with every model loaded. `cargo bench --bench speech
//! --features speech`; `scripts/bench-speech.sh` also runs the Python packages on the same
//! voice, model and audio for comparison. `cargo test` runs a short smoke pass only.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use doorstep::speech::audio::{read_wav, Audio};
use doorstep::speech::piper::{init_onnxruntime, Voice};
use doorstep::speech::vosk::Recogniser;
use doorstep::speech::{onnxruntime_library, TELEPHONE_RATE};

const SHORT: &str = "Please see a doctor today.";
const THREE: &str = "Please rest and drink plenty of clean water. If the fever rises or you feel \
    confused, see a doctor today. In an emergency, dial 1 0 8 at once.";
const KOREAN: &str =
    "안녕하세요 저는 머리가 아파요. 어제부터 열이 나고 기침을 해요. 병원에 가야 할까요?";

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let runs = if full { 30 } else { 2 };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let models = root.join("models");
    init_onnxruntime(&onnxruntime_library(&models)).expect("ONNX Runtime (models fetch)");

    let threads: usize = std::env::var("BENCH_TTS_THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(2);
    let started = Instant::now();
    let voice =
        Voice::load(&models.join("voices/en_US-joe-medium.onnx"), threads).expect("joe voice");
    println!(
        "piper en_US-joe-medium ({threads} ONNX Runtime threads): loaded in {:.0} ms",
        ms(started.elapsed())
    );
    voice.speak("Hello.").unwrap();

    let mut first = vec![];
    let mut first_phone = vec![];
    for _ in 0..runs {
        let t = Instant::now();
        let audio = voice.speak(SHORT).unwrap();
        first.push(t.elapsed());
        let _ = audio.resampled(TELEPHONE_RATE);
        first_phone.push(t.elapsed());
    }
    println!(
        "  first audio, one sentence ({SHORT:?}): median {:.1} ms (as 8 kHz telephone audio: {:.1} ms)",
        ms(median(first)),
        ms(median(first_phone))
    );
    let mut rtf = vec![];
    let mut rtf_phone = vec![];
    for _ in 0..runs {
        let t = Instant::now();
        let mut seconds = 0.0;
        let mut phone_time = Duration::ZERO;
        for s in doorstep::text::sentences(THREE) {
            let a = voice.speak(&s).unwrap();
            seconds += a.seconds();
            let r = Instant::now();
            let _ = a.resampled(TELEPHONE_RATE);
            phone_time += r.elapsed();
        }
        let took = t.elapsed();
        rtf.push(Duration::from_secs_f64(
            (took - phone_time).as_secs_f64() / seconds,
        ));
        rtf_phone.push(Duration::from_secs_f64(took.as_secs_f64() / seconds));
    }
    println!(
        "  three sentences, sentence by sentence: real-time factor {:.3} (with 8 kHz resampling: {:.3})",
        median(rtf).as_secs_f64(),
        median(rtf_phone).as_secs_f64()
    );

    let espeak = std::process::Command::new("espeak-ng")
        .args(["-v", "ko", "--stdout", KOREAN])
        .output()
        .expect("espeak-ng installed");
    let korean = read_wav(&espeak.stdout).unwrap();
    let phone: Audio = korean.resampled(TELEPHONE_RATE);
    std::fs::write(
        std::env::temp_dir().join("doorstep-bench-ko-8k.wav"),
        doorstep::speech::audio::write_wav(&phone),
    )
    .unwrap();
    let started = Instant::now();
    let recogniser = Arc::new(Recogniser::load(&models.join("vosk/ko"), 0).expect("vosk ko"));
    println!(
        "vosk ko: loaded in {:.0} ms; {:.1} s of 8 kHz audio in 20 ms chunks",
        ms(started.elapsed()),
        phone.seconds()
    );
    let chunk = (recogniser.sample_rate() / 50) as usize;
    let t = Instant::now();
    let text = recogniser.transcribe_in_chunks(&phone, chunk).unwrap();
    let fresh = t.elapsed().as_secs_f64() / phone.seconds();
    let mut reused = vec![];
    for _ in 0..runs.min(10) {
        let t = Instant::now();
        recogniser.transcribe_in_chunks(&phone, chunk).unwrap();
        reused.push(Duration::from_secs_f64(
            t.elapsed().as_secs_f64() / phone.seconds(),
        ));
    }
    println!(
        "  real-time factor: fresh recogniser {fresh:.3}, reused (reset) {:.3}; heard {text:?}",
        median(reused).as_secs_f64()
    );
    // Warm enough recognisers for the largest test first: fresh ones would be measured.
    let warm: Vec<_> = (0..8)
        .map(|_| {
            let r = recogniser.clone();
            let a = phone.clone();
            std::thread::spawn(move || r.transcribe_in_chunks(&a, chunk).unwrap())
        })
        .collect();
    for h in warm {
        h.join().unwrap();
    }
    let mut fits = 0;
    for streams in [1usize, 2, 3, 4, 6, 8] {
        if !full && streams > 2 {
            break;
        }
        let t = Instant::now();
        let handles: Vec<_> = (0..streams)
            .map(|_| {
                let r = recogniser.clone();
                let a = phone.clone();
                std::thread::spawn(move || r.transcribe_in_chunks(&a, chunk).unwrap())
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        let wall = t.elapsed().as_secs_f64();
        let per_stream = wall / phone.seconds();
        println!("  {streams} concurrent streams: wall {wall:.2} s for {:.1} s each (real-time factor {per_stream:.2})", phone.seconds());
        if per_stream <= 1.0 {
            fits = streams;
        }
    }
    println!("  real-time streams that fit: at least {fits}");
    println!(
        "peak RSS with the voice and the recogniser loaded: {} MiB",
        peak_rss_kib() / 1024
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}
