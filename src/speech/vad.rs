//! Voice activity: Silero VAD v6 (`models/vad/silero_vad.onnx`, MIT) on ONNX Runtime, and the
//! endpointing that turns its per-window speech probabilities into "the caller started" and
//! "the caller stopped".
//!
//! The model reads windows of 256 samples at 8 kHz (512 at 16 kHz), each preceded by the last
//! 32 (64) samples of the window before, as the reference `OnnxWrapper` does; without that
//! context its probabilities collapse on real speech. One [`VadStream`] per call holds the
//! recurrent state and the context; the loaded [`Vad`] is shared.

use std::path::Path;
use std::sync::Mutex;

use super::SpeechError;

/// Probability at or above which a window is speech (Silero's default threshold).
pub const SPEECH_THRESHOLD: f32 = 0.5;
/// Probability below which a window is silence again: the reference's `threshold - 0.15`
/// hysteresis, so a soft syllable inside a word does not end the speech.
pub const SILENCE_THRESHOLD: f32 = 0.35;
/// Seconds of silence after which the recurrent state is reset, as Pipecat does, so a long
/// quiet line does not drift the model.
const RESET_AFTER_SILENCE: f32 = 5.0;

/// The loaded model, shared by every call.
pub struct Vad {
    session: Mutex<ort::session::Session>,
}

impl Vad {
    /// Loads the model; ONNX Runtime must be initialised first ([`super::piper::init_onnxruntime`]).
    pub fn load(model: &Path) -> Result<Self, SpeechError> {
        Ok(Self {
            session: Mutex::new(super::piper::session(model, 1)?),
        })
    }

    /// A fresh stream at 8 or 16 kHz.
    pub fn stream(&self, rate: u32) -> Result<VadStream, SpeechError> {
        if rate != 8_000 && rate != 16_000 {
            return Err(SpeechError::Failed(format!(
                "Silero VAD reads 8 or 16 kHz, not {rate} Hz"
            )));
        }
        Ok(VadStream::new(rate))
    }
}

/// One call's voice activity: the model's state, the previous window's tail and samples not
/// yet making a whole window.
#[derive(Debug)]
pub struct VadStream {
    rate: u32,
    state: Vec<f32>,
    context: Vec<f32>,
    pending: Vec<f32>,
    quiet_windows: usize,
}

impl VadStream {
    fn new(rate: u32) -> Self {
        let mut me = Self {
            rate,
            state: vec![],
            context: vec![],
            pending: vec![],
            quiet_windows: 0,
        };
        me.reset();
        me
    }

    /// Samples per window: 256 at 8 kHz, 512 at 16 kHz (32 ms).
    pub fn window(&self) -> usize {
        if self.rate == 8_000 {
            256
        } else {
            512
        }
    }

    /// Seconds one window lasts.
    pub fn window_seconds(&self) -> f32 {
        self.window() as f32 / self.rate as f32
    }

    fn context_len(&self) -> usize {
        self.window() / 8
    }

    /// Forgets the state and context (a new utterance, or a long silence).
    pub fn reset(&mut self) {
        self.state = vec![0.0; 2 * 128];
        self.context = vec![0.0; self.context_len()];
        self.quiet_windows = 0;
    }

    /// Feeds samples (in [-1, 1], at the stream's rate) and returns the speech probability
    /// of every window they complete, in order.
    pub fn push(&mut self, vad: &Vad, samples: &[f32]) -> Result<Vec<f32>, SpeechError> {
        self.pending.extend_from_slice(samples);
        let n = self.window();
        let mut out = vec![];
        while self.pending.len() >= n {
            let window: Vec<f32> = self.pending.drain(..n).collect();
            out.push(self.probability(vad, &window)?);
        }
        Ok(out)
    }

    /// The speech probability of exactly one window.
    pub fn probability(&mut self, vad: &Vad, window: &[f32]) -> Result<f32, SpeechError> {
        let n = self.window();
        if window.len() != n {
            return Err(SpeechError::Failed(format!(
                "Silero VAD reads windows of {n} samples, not {}",
                window.len()
            )));
        }
        let mut input = Vec::with_capacity(self.context.len() + n);
        input.extend_from_slice(&self.context);
        input.extend_from_slice(window);
        let fail = |e: ort::Error| SpeechError::Failed(format!("Silero VAD: {e}"));
        let width = input.len() as i64;
        let tail = input[input.len() - self.context_len()..].to_vec();
        let input = ort::value::Tensor::from_array((vec![1, width], input)).map_err(fail)?;
        let state =
            ort::value::Tensor::from_array((vec![2i64, 1, 128], std::mem::take(&mut self.state)))
                .map_err(fail)?;
        let sr = ort::value::Tensor::from_array((Vec::<i64>::new(), vec![self.rate as i64]))
            .map_err(fail)?;
        let mut session = vad.session.lock().unwrap_or_else(|p| p.into_inner());
        let outputs = session
            .run(ort::inputs!["input" => input, "state" => state, "sr" => sr])
            .map_err(fail)?;
        let (_, p) = outputs["output"]
            .try_extract_tensor::<f32>()
            .map_err(fail)?;
        let (_, s) = outputs["stateN"]
            .try_extract_tensor::<f32>()
            .map_err(fail)?;
        let p = p.first().copied().unwrap_or(0.0);
        self.state = s.to_vec();
        drop(outputs);
        drop(session);
        self.context = tail;
        if p < SILENCE_THRESHOLD {
            self.quiet_windows += 1;
            if self.quiet_windows as f32 * self.window_seconds() >= RESET_AFTER_SILENCE {
                self.reset();
            }
        } else {
            self.quiet_windows = 0;
        }
        Ok(p)
    }
}

/// What the endpointer saw in a window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Activity {
    /// The caller began speaking this many seconds into the stream (at the first window of
    /// the run that made it speech).
    Started(f32),
    /// The caller stopped: the speech's last window ended this many seconds into the stream.
    Stopped(f32),
}

/// Turns window probabilities into speech that started and stopped: speech needs
/// `start_windows` windows in a row at or above [`SPEECH_THRESHOLD`] (a cough or a click is
/// not speech), and ends after `stop_seconds` below [`SILENCE_THRESHOLD`].
#[derive(Clone, Debug)]
pub struct Endpointer {
    window_seconds: f32,
    start_windows: usize,
    stop_windows: usize,
    windows: usize,
    run: usize,
    speaking: bool,
    quiet: usize,
    last_speech_end: f32,
}

impl Endpointer {
    /// `min_speech` seconds of speech start an utterance; `stop_seconds` of silence end it.
    pub fn new(window_seconds: f32, min_speech: f32, stop_seconds: f32) -> Self {
        let windows = |s: f32| ((s / window_seconds).ceil() as usize).max(1);
        Self {
            window_seconds,
            start_windows: windows(min_speech),
            stop_windows: windows(stop_seconds),
            windows: 0,
            run: 0,
            speaking: false,
            quiet: 0,
            last_speech_end: 0.0,
        }
    }

    /// Whether the caller is speaking now.
    pub fn speaking(&self) -> bool {
        self.speaking
    }

    /// Seconds of silence since the last speech window (0 while speaking).
    pub fn silence(&self) -> f32 {
        self.quiet as f32 * self.window_seconds
    }

    /// Reads the next window's probability.
    pub fn push(&mut self, p: f32) -> Option<Activity> {
        self.windows += 1;
        let end = self.windows as f32 * self.window_seconds;
        if !self.speaking {
            self.run = if p >= SPEECH_THRESHOLD {
                self.run + 1
            } else {
                0
            };
            if self.run >= self.start_windows {
                self.speaking = true;
                self.quiet = 0;
                self.last_speech_end = end;
                let start = end - self.run as f32 * self.window_seconds;
                self.run = 0;
                return Some(Activity::Started(start));
            }
            return None;
        }
        if p < SILENCE_THRESHOLD {
            self.quiet += 1;
            if self.quiet >= self.stop_windows {
                self.speaking = false;
                self.quiet = 0;
                return Some(Activity::Stopped(self.last_speech_end));
            }
        } else {
            self.quiet = 0;
            self.last_speech_end = end;
        }
        None
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::speech::audio::{read_wav, Audio};

    const W: f32 = 0.032;

    /// `models/` of this checkout, with ONNX Runtime loaded from it.
    pub(crate) fn models() -> std::path::PathBuf {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
        crate::speech::piper::init_onnxruntime(&crate::speech::onnxruntime_library(&dir))
            .expect("ONNX Runtime (doorstep models fetch)");
        dir
    }

    /// English speech from espeak-ng between `before` and `after` seconds of silence, at
    /// `rate`; also where the speech ends.
    pub(crate) fn speech(text: &str, before: f32, after: f32, rate: u32) -> (Audio, f32) {
        let path = std::env::temp_dir().join(format!("doorstep-vad-{}.wav", rand::random::<u64>()));
        let ok = std::process::Command::new("espeak-ng")
            .args(["-v", "en", "-w"])
            .arg(&path)
            .arg(text)
            .status()
            .expect("espeak-ng is installed (scripts/setup.sh)");
        assert!(ok.success());
        let spoken = read_wav(&std::fs::read(&path).unwrap())
            .unwrap()
            .resampled(rate);
        let _ = std::fs::remove_file(&path);
        // espeak's own leading and trailing quiet count as speech time here: trim it.
        let loud = |s: &f32| s.abs() > 0.01;
        let first = spoken.samples.iter().position(loud).unwrap_or(0);
        let last = spoken.samples.iter().rposition(loud).unwrap_or(0);
        let voice = &spoken.samples[first..=last];
        let mut samples = vec![0f32; (before * rate as f32) as usize];
        samples.extend_from_slice(voice);
        let end = samples.len() as f32 / rate as f32;
        samples.extend(std::iter::repeat_n(0f32, (after * rate as f32) as usize));
        (Audio { rate, samples }, end)
    }

    #[test]
    fn silero_hears_where_speech_starts_and_stops_at_telephone_rate() {
        let vad = Vad::load(&models().join("vad/silero_vad.onnx")).unwrap();
        let (audio, end) = speech(
            "my father has chest pain since the morning",
            1.0,
            2.0,
            8_000,
        );
        let mut stream = vad.stream(8_000).unwrap();
        let mut e = Endpointer::new(stream.window_seconds(), 0.1, 0.6);
        let mut events = vec![];
        let mut probs = vec![];
        // 20 ms frames, as a carrier sends them.
        for frame in audio.samples.chunks(160) {
            for p in stream.push(&vad, frame).unwrap() {
                probs.push(p);
                events.extend(e.push(p));
            }
        }
        let [Activity::Started(start), Activity::Stopped(stop)] = events[..] else {
            panic!("one utterance, not {events:?}")
        };
        assert!(
            (0.9..1.3).contains(&start),
            "speech began at 1.0 s, heard at {start}"
        );
        assert!(
            (end - 0.5..end + 0.4).contains(&stop),
            "speech ended at {end} s, heard at {stop}"
        );
        // Silence reads as silence, speech as speech.
        let w = stream.window_seconds();
        let mean = |from: f32, to: f32| {
            let (a, b) = ((from / w) as usize, (to / w) as usize);
            probs[a..b].iter().sum::<f32>() / (b - a) as f32
        };
        assert!(mean(0.0, 0.9) < 0.1, "{}", mean(0.0, 0.9));
        assert!(mean(1.2, end - 0.2) > 0.6, "{}", mean(1.2, end - 0.2));
        assert!(stream.window() == 256 && vad.stream(11_025).is_err());
    }

    fn feed(e: &mut Endpointer, probs: &[f32]) -> Vec<Activity> {
        probs.iter().filter_map(|&p| e.push(p)).collect()
    }

    #[test]
    fn a_click_is_not_speech_and_a_word_is() {
        let mut e = Endpointer::new(W, 0.09, 0.6);
        assert_eq!(feed(&mut e, &[0.0, 0.9, 0.9, 0.1, 0.0]), vec![]);
        let got = feed(&mut e, &[0.9, 0.9, 0.9]);
        assert_eq!(got.len(), 1);
        let Activity::Started(at) = got[0] else {
            panic!("{got:?}")
        };
        assert!((at - 5.0 * W).abs() < 1e-4, "{at}");
        assert!(e.speaking());
    }

    #[test]
    fn a_soft_syllable_does_not_end_speech_and_silence_does() {
        let mut e = Endpointer::new(W, 0.03, 0.3);
        feed(&mut e, &[0.9, 0.9]);
        // 0.4 is between the thresholds: still speech.
        assert_eq!(feed(&mut e, &[0.4; 20]), vec![]);
        let got = feed(&mut e, &[0.1; 10]);
        assert_eq!(got.len(), 1);
        let Activity::Stopped(at) = got[0] else {
            panic!("{got:?}")
        };
        assert!((at - 22.0 * W).abs() < 1e-4, "{at}");
        assert!(!e.speaking());
    }
}
