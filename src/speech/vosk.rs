//! Vosk recognisers: one model, a pool of long-lived recognisers reset between utterances
//! (a fresh one stalls about half a second on its first audio).

use std::path::Path;
use std::sync::Mutex;

use super::audio::Audio;
use super::SpeechError;

/// Samples fed per call: 0.25 s at 16 kHz.
const CHUNK: usize = 4000;

/// A loaded model and its recognisers.
pub struct Recogniser {
    pub name: String,
    model: vosk::Model,
    rate: u32,
    pool: Mutex<Vec<vosk::Recognizer>>,
}

impl Recogniser {
    /// Loads a Vosk model directory and warms `warm` recognisers.
    pub fn load(dir: &Path, warm: usize) -> Result<Self, SpeechError> {
        if !dir.join("am").is_dir() && !dir.join("final.mdl").is_file() {
            return Err(SpeechError::Unavailable(format!(
                "Vosk model {} is missing or incomplete: run `doorstep models fetch`",
                dir.display()
            )));
        }
        vosk::set_log_level(vosk::LogLevel::Error);
        let model = vosk::Model::new(dir.to_string_lossy()).ok_or_else(|| {
            SpeechError::Unavailable(format!("Vosk cannot load the model in {}", dir.display()))
        })?;
        let rate = model_rate(dir);
        let me = Self {
            name: dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            model,
            rate,
            pool: Mutex::new(vec![]),
        };
        let warmed: Vec<_> = (0..warm).filter_map(|_| me.fresh().ok()).collect();
        for mut r in warmed {
            // A little silence, so the first caller does not pay the first-batch stall.
            let _ = r.accept_waveform(&vec![0i16; CHUNK]);
            let _ = r.final_result();
            r.reset();
            me.pool.lock().unwrap_or_else(|p| p.into_inner()).push(r);
        }
        Ok(me)
    }

    fn fresh(&self) -> Result<vosk::Recognizer, SpeechError> {
        vosk::Recognizer::new(&self.model, self.rate as f32)
            .ok_or_else(|| SpeechError::Failed("Vosk could not make a recogniser".into()))
    }

    /// The text of an utterance at any sample rate (resampled to the model's).
    pub fn transcribe(&self, audio: &Audio) -> Result<String, SpeechError> {
        self.transcribe_in_chunks(audio, CHUNK)
    }

    /// As [`Recogniser::transcribe`], fed `chunk` samples (at the model's rate) at a time, as
    /// a live stream would be (20 ms at 16 kHz is 320).
    pub fn transcribe_in_chunks(&self, audio: &Audio, chunk: usize) -> Result<String, SpeechError> {
        let samples = audio.resampled(self.rate).to_i16();
        let pooled = self.pool.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut recogniser = match pooled {
            Some(r) => r,
            None => self.fresh()?,
        };
        let mut words: Vec<String> = vec![];
        let mut take = |result: vosk::CompleteResult| {
            if let Some(single) = result.single() {
                let text = single.text.trim();
                if !text.is_empty() {
                    words.push(text.to_owned());
                }
            }
        };
        for chunk in samples.chunks(chunk.max(1)) {
            match recogniser.accept_waveform(chunk) {
                Ok(vosk::DecodingState::Finalized) => take(recogniser.result()),
                Ok(_) => {}
                Err(e) => return Err(SpeechError::Failed(format!("Vosk: {e}"))),
            }
        }
        take(recogniser.final_result());
        recogniser.reset();
        self.pool
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(recogniser);
        Ok(words.join(" "))
    }

    /// A warm recogniser for a live stream; given back to the pool when the stream drops it.
    pub fn stream(self: &std::sync::Arc<Self>) -> Result<Streaming, SpeechError> {
        let pooled = self.pool.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let recogniser = match pooled {
            Some(r) => r,
            None => self.fresh()?,
        };
        Ok(Streaming {
            owner: self.clone(),
            recogniser: Some(recogniser),
            words: vec![],
        })
    }

    /// The rate the model expects.
    pub fn sample_rate(&self) -> u32 {
        self.rate
    }
}

/// `--sample-frequency` from the model's `conf/mfcc.conf`, else 16 kHz.
fn model_rate(dir: &Path) -> u32 {
    std::fs::read_to_string(dir.join("conf/mfcc.conf"))
        .ok()
        .and_then(|conf| {
            conf.lines()
                .find_map(|l| l.trim().strip_prefix("--sample-frequency="))
                .and_then(|v| v.trim().parse::<f32>().ok())
        })
        .map(|r| r as u32)
        .unwrap_or(16_000)
}

/// One stream's recogniser: audio in as it arrives, the utterance at the end of the turn.
pub struct Streaming {
    owner: std::sync::Arc<Recogniser>,
    recogniser: Option<vosk::Recognizer>,
    /// Words Vosk finalised within the turn (it ends segments at its own pauses).
    words: Vec<String>,
}

impl Streaming {
    /// Feeds samples at the model's rate.
    pub fn accept(&mut self, samples: &[i16]) -> Result<(), SpeechError> {
        let Some(r) = self.recogniser.as_mut() else {
            return Ok(());
        };
        match r.accept_waveform(samples) {
            Ok(vosk::DecodingState::Finalized) => {
                if let Some(single) = r.result().single() {
                    let text = single.text.trim();
                    if !text.is_empty() {
                        self.words.push(text.to_owned());
                    }
                }
                Ok(())
            }
            Ok(_) => Ok(()),
            Err(e) => Err(SpeechError::Failed(format!("Vosk: {e}"))),
        }
    }

    /// The turn's words so far: those Vosk has finalised, then its guess at the rest.
    pub fn partial(&mut self) -> String {
        let Some(r) = self.recogniser.as_mut() else {
            return String::new();
        };
        let guess = r.partial_result().partial.trim().to_owned();
        let mut words = self.words.clone();
        if !guess.is_empty() {
            words.push(guess);
        }
        words.join(" ")
    }

    /// The turn's words; the recogniser is ready for the next turn.
    pub fn finish(&mut self) -> String {
        let Some(r) = self.recogniser.as_mut() else {
            return String::new();
        };
        if let Some(single) = r.final_result().single() {
            let text = single.text.trim();
            if !text.is_empty() {
                self.words.push(text.to_owned());
            }
        }
        r.reset();
        std::mem::take(&mut self.words).join(" ")
    }

    /// Forgets what was heard (speech that was not a turn: noise, an acknowledgement).
    pub fn discard(&mut self) {
        if let Some(r) = self.recogniser.as_mut() {
            r.reset();
        }
        self.words.clear();
    }
}

impl Drop for Streaming {
    fn drop(&mut self) {
        if let Some(mut r) = self.recogniser.take() {
            r.reset();
            self.owner
                .pool
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(r);
        }
    }
}
