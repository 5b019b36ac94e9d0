//! End of turn: Smart Turn v3.2 (`models/turn/smart-turn-v3.2-cpu.onnx`, BSD-2, from Pipecat)
//! says whether the caller has finished what they meant to say, from how the last 8 seconds
//! sound, not only from the silence after them.
//!
//! It reads Whisper's log-mel features (80 mel bands × 800 frames of 10 ms) of the last 8 s at
//! 16 kHz, left-padded with silence, and gives a probability that the turn is complete
//! (complete above 0.5). It is wrong at 8 kHz, so telephone audio is resampled first, and it
//! is weak on real phone speech: the media stream keeps a silence timeout as the floor.
//! [`log_mel`] follows Pipecat's `_whisper_features.py` (itself Hugging Face's
//! `WhisperFeatureExtractor`) step for step.

use std::path::Path;
use std::sync::{Mutex, OnceLock};

use rustfft::num_complex::Complex;

use super::SpeechError;

/// The model's rate.
pub const RATE: u32 = 16_000;
/// Samples it reads: 8 s.
pub const SAMPLES: usize = 8 * RATE as usize;
/// Mel bands.
pub const MELS: usize = 80;
/// Frames (10 ms each).
pub const FRAMES: usize = 800;
/// Probability above which the turn is complete (Pipecat's threshold).
pub const COMPLETE: f32 = 0.5;

const N_FFT: usize = 400;
const HOP: usize = 160;
const BINS: usize = N_FFT / 2 + 1;

/// The loaded model.
pub struct TurnModel {
    session: Mutex<ort::session::Session>,
}

impl TurnModel {
    /// Loads the model; ONNX Runtime must be initialised first.
    pub fn load(model: &Path) -> Result<Self, SpeechError> {
        Ok(Self {
            session: Mutex::new(super::piper::session(model, 1)?),
        })
    }

    /// The probability that the turn in `audio` (16 kHz, in [-1, 1]; the last 8 s count) is
    /// complete.
    pub fn complete(&self, audio: &[f32]) -> Result<f32, SpeechError> {
        let features = log_mel(audio);
        let fail = |e: ort::Error| SpeechError::Failed(format!("Smart Turn: {e}"));
        let input =
            ort::value::Tensor::from_array((vec![1i64, MELS as i64, FRAMES as i64], features))
                .map_err(fail)?;
        let mut session = self.session.lock().unwrap_or_else(|p| p.into_inner());
        let outputs = session
            .run(ort::inputs!["input_features" => input])
            .map_err(fail)?;
        let (_, p) = outputs[0].try_extract_tensor::<f32>().map_err(fail)?;
        p.first()
            .copied()
            .ok_or_else(|| SpeechError::Failed("Smart Turn gave no probability".into()))
    }
}

/// Whisper log-mel features of the last 8 s of `audio` (16 kHz), left-padded with zeros:
/// `MELS × FRAMES` values, band by band.
pub fn log_mel(audio: &[f32]) -> Vec<f32> {
    // The last 8 s, left-padded.
    let mut x = vec![0f32; SAMPLES.saturating_sub(audio.len())];
    x.extend_from_slice(&audio[audio.len().saturating_sub(SAMPLES)..]);
    // Zero mean, unit variance over the padded window.
    let n = x.len() as f64;
    let mean = x.iter().map(|&v| v as f64).sum::<f64>() / n;
    let var = x.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / n;
    let scale = (var + 1e-7).sqrt();
    let x: Vec<f64> = x
        .iter()
        .map(|&v| ((v as f64 - mean) / scale) as f32 as f64)
        .collect();
    // Centred frames: reflect-pad by half a window on each side.
    let pad = N_FFT / 2;
    let mut padded = Vec::with_capacity(x.len() + 2 * pad);
    padded.extend((1..=pad).rev().map(|i| x[i]));
    padded.extend_from_slice(&x);
    padded.extend((0..pad).map(|i| x[x.len() - 2 - i]));
    let frames = (padded.len() - N_FFT) / HOP + 1;

    let (window, filters) = tables();
    let fft = rustfft::FftPlanner::<f64>::new().plan_fft_forward(N_FFT);
    let mut buf = vec![Complex::new(0.0, 0.0); N_FFT];
    let mut scratch = vec![Complex::new(0.0, 0.0); fft.get_inplace_scratch_len()];
    let mut power = vec![0f64; BINS];
    // log10 mel energies, band-major, without the last frame (as the reference drops it).
    let mut log = vec![0f64; MELS * FRAMES];
    for f in 0..frames.min(FRAMES) {
        let start = f * HOP;
        for (k, b) in buf.iter_mut().enumerate() {
            *b = Complex::new(padded[start + k] * window[k], 0.0);
        }
        fft.process_with_scratch(&mut buf, &mut scratch);
        for (k, p) in power.iter_mut().enumerate() {
            *p = buf[k].norm_sqr();
        }
        for m in 0..MELS {
            let e: f64 = (0..BINS).map(|k| filters[k * MELS + m] * power[k]).sum();
            log[m * FRAMES + f] = e.max(1e-10).log10();
        }
    }
    let top = log.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    log.iter()
        .map(|&v| ((v.max(top - 8.0) + 4.0) / 4.0) as f32)
        .collect()
}

/// The periodic Hann window and the Slaney mel filterbank (`BINS × MELS`), made once.
fn tables() -> &'static (Vec<f64>, Vec<f64>) {
    static TABLES: OnceLock<(Vec<f64>, Vec<f64>)> = OnceLock::new();
    TABLES.get_or_init(|| {
        let window = (0..N_FFT)
            .map(|n| 0.5 - 0.5 * (2.0 * std::f64::consts::PI * n as f64 / N_FFT as f64).cos())
            .collect();
        let nyquist = RATE as f64 / 2.0;
        let (lo, hi) = (hz_to_mel(0.0), hz_to_mel(nyquist));
        let edges: Vec<f64> = (0..MELS + 2)
            .map(|i| mel_to_hz(lo + (hi - lo) * i as f64 / (MELS + 1) as f64))
            .collect();
        let mut filters = vec![0f64; BINS * MELS];
        for k in 0..BINS {
            let f = nyquist * k as f64 / (BINS - 1) as f64;
            for m in 0..MELS {
                let down = (f - edges[m]) / (edges[m + 1] - edges[m]);
                let up = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
                let enorm = 2.0 / (edges[m + 2] - edges[m]);
                filters[k * MELS + m] = down.min(up).max(0.0) * enorm;
            }
        }
        (window, filters)
    })
}

/// Slaney's mel scale: linear below 1 kHz, logarithmic above.
fn hz_to_mel(hz: f64) -> f64 {
    if hz < 1000.0 {
        3.0 * hz / 200.0
    } else {
        15.0 + (hz / 1000.0).ln() * 27.0 / 6.4f64.ln()
    }
}

fn mel_to_hz(mel: f64) -> f64 {
    if mel < 15.0 {
        200.0 * mel / 3.0
    } else {
        1000.0 * ((mel - 15.0) * 6.4f64.ln() / 27.0).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_turn_reads_telephone_speech_made_16_khz() {
        let models = crate::speech::vad::tests::models();
        let model = TurnModel::load(&models.join("turn/smart-turn-v3.2-cpu.onnx")).unwrap();
        // Telephone audio, as the stream hears it, brought up to the model's rate.
        let (audio, _) = crate::speech::vad::tests::speech(
            "I have had a fever for three days.",
            0.2,
            0.3,
            8_000,
        );
        let audio = audio.resampled(RATE);
        let p = model.complete(&audio.samples).unwrap();
        assert!((0.0..=1.0).contains(&p), "{p}");
        // The same audio gives the same answer: no state is kept between turns.
        assert_eq!(model.complete(&audio.samples).unwrap(), p);
        // Longer than 8 s: only the last 8 s count.
        let mut long = vec![0.3f32; 3 * RATE as usize];
        long.extend_from_slice(&audio.samples);
        let mut padded = vec![0f32; SAMPLES.saturating_sub(audio.samples.len())];
        padded.extend_from_slice(&audio.samples);
        assert_eq!(log_mel(&padded), log_mel(&audio.samples));
        if long.len() > SAMPLES {
            let tail = &long[long.len() - SAMPLES..];
            assert_eq!(log_mel(&long), log_mel(tail));
        }
    }

    /// Values from Pipecat 1.14.0's `compute_whisper_log_mel_features` (numpy) on the same
    /// signal: 300 Hz, plus 2.5 kHz rising from nothing, 3 s left-padded to 8 s.
    #[test]
    fn features_match_pipecats_reference() {
        let n = 3 * RATE as usize;
        let signal: Vec<f32> = (0..n)
            .map(|i| {
                let t = i as f64 / RATE as f64;
                let tau = 2.0 * std::f64::consts::PI;
                (0.3 * (tau * 300.0 * t).sin()
                    + 0.2 * (tau * 2500.0 * t + 0.5).sin() * (i as f64 / n as f64))
                    as f32
            })
            .collect();
        let f = log_mel(&signal);
        let expected = [
            (0, 0, -0.269_948_8),
            (5, 400, -0.269_948_8),
            (10, 700, 0.937_404_63),
            (20, 650, -0.080_324_106),
            (40, 799, 0.384_546_2),
            (60, 500, 0.179_114_6),
            (79, 790, -0.269_948_8),
            (3, 520, 0.690_092_5),
            (50, 600, 1.347_933_4),
            (30, 480, -0.269_948_8),
        ];
        for (m, frame, want) in expected {
            let got = f[m * FRAMES + frame];
            assert!(
                (got - want).abs() < 1e-4,
                "band {m} frame {frame}: {got} vs {want}"
            );
        }
        let mean = f.iter().map(|&v| v as f64).sum::<f64>() / f.len() as f64;
        assert!((mean - -0.145_668_88).abs() < 1e-5, "{mean}");
    }

    #[test]
    fn the_mel_scale_round_trips() {
        for hz in [0.0, 440.0, 999.0, 1000.0, 3500.0, 8000.0] {
            assert!((mel_to_hz(hz_to_mel(hz)) - hz).abs() < 1e-6, "{hz}");
        }
    }

    #[test]
    fn a_tone_lights_its_own_band_and_the_padding_stays_at_the_floor() {
        // One second of 1 kHz at the end of the window: seven seconds of padding before it.
        let tone: Vec<f32> = (0..RATE as usize)
            .map(|i| 0.5 * (2.0 * std::f32::consts::PI * 1000.0 * i as f32 / RATE as f32).sin())
            .collect();
        let f = log_mel(&tone);
        assert_eq!(f.len(), MELS * FRAMES);
        let at = |m: usize, frame: usize| f[m * FRAMES + frame];
        // The loudest band in a frame of the tone is the one around 1 kHz: Slaney mel 15 of
        // 45.2 at 8 kHz, bands 0.55 mel apart, so band 26.
        let frame = FRAMES - 50;
        let loudest = (0..MELS)
            .max_by(|&a, &b| at(a, frame).total_cmp(&at(b, frame)))
            .unwrap();
        assert!((25..=27).contains(&loudest), "band {loudest}");
        // The padding is quieter than the tone by the reference's full 8 decades.
        assert!(
            at(loudest, 100) < at(loudest, frame) - 1.5,
            "{} {}",
            at(loudest, 100),
            at(loudest, frame)
        );
        assert!(f.iter().all(|v| v.is_finite()));
    }
}
