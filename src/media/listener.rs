//! One stream's ears, on a thread of its own: telephone frames in; voice activity (Silero
//! VAD at 8 kHz), words (a warm Vosk recogniser at 16 kHz, fed through a stateful resampler)
//! and the end of the caller's turn (Smart Turn v3.2 on the last 8 s at 16 kHz, with a
//! silence timeout as the floor) out. It never waits on the socket: what it hears goes out
//! on a channel, and a stream that stops reading only loses its own events.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc as async_mpsc;

use super::codec::{to_f32, to_i16, StreamResampler};
use crate::speech::turn;
use crate::speech::vad::{Activity, Endpointer};
use crate::speech::vosk::Streaming;
use crate::speech::{EndOfSpeech, SpeechError, TELEPHONE_RATE};

/// Tunings of the ear, measured in `benches/end_of_speech.rs`.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    /// Speech this long starts an utterance (a click does not).
    pub min_speech: f32,
    /// A pause this long asks Smart Turn whether the turn is over.
    pub pause: f32,
    /// A pause this long ends the turn whatever Smart Turn says (it is weak on phone speech).
    pub silence_floor: f32,
    /// How often the length of the speech so far is reported while the caller speaks.
    pub speaking_every: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            min_speech: 0.096,
            pause: 0.256,
            silence_floor: 1.0,
            speaking_every: Duration::from_millis(50),
        }
    }
}

/// What the listener tells the stream.
#[derive(Clone, Debug, PartialEq)]
pub enum Heard {
    /// The caller began speaking.
    Started,
    /// The caller has been speaking this long; the words so far.
    /// (No words: Vosk's partial results come too late to decide a barge-in, and asking
    /// for them every few frames costs the ear a JSON round-trip each time.)
    Speaking { seconds: f32 },
    /// The caller's turn ended: their words, and when their speech ended.
    Turn { text: String, speech_ended: Instant },
    /// Speech that held no words (noise), now forgotten.
    Nothing,
    /// The ear failed; the stream should go on without it.
    Failed(String),
}

/// What the stream tells the listener.
pub enum Feed {
    /// 8 kHz samples, as they arrived.
    Audio(Vec<i16>),
    /// Forget the turn in progress (what was heard was not for us: an acknowledgement).
    Discard,
}

/// Starts the listener thread; it ends when `feed` closes.
pub fn spawn(
    models: EndOfSpeech,
    recogniser: Streaming,
    recogniser_rate: u32,
    timing: Timing,
    feed: mpsc::Receiver<Feed>,
    heard: async_mpsc::Sender<Heard>,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("doorstep-ear".into())
        .spawn(move || {
            let mut ear = match Ear::new(models, recogniser, recogniser_rate, timing) {
                Ok(ear) => ear,
                Err(e) => {
                    let _ = heard.blocking_send(Heard::Failed(e.to_string()));
                    return;
                }
            };
            while let Ok(item) = feed.recv() {
                let events = match item {
                    Feed::Audio(samples) => ear.hear(&samples),
                    Feed::Discard => {
                        ear.discard();
                        Ok(vec![])
                    }
                };
                let events = events.unwrap_or_else(|e| vec![Heard::Failed(e.to_string())]);
                for e in events {
                    // A full channel means the stream is not reading: drop, never block.
                    let _ = heard.try_send(e);
                }
            }
        })
}

/// The listener's state for one call.
struct Ear {
    models: EndOfSpeech,
    vad: crate::speech::vad::VadStream,
    endpointer: Endpointer,
    recogniser: Streaming,
    up: StreamResampler,
    recogniser_rate: u32,
    /// Audio for the recogniser not yet fed: Vosk is fed 100 ms at a time, since each call
    /// costs about as much as the audio in it on a busy machine.
    unfed: Vec<i16>,
    /// The last 8 s at 16 kHz, for Smart Turn.
    recent: std::collections::VecDeque<f32>,
    timing: Timing,
    /// When the utterance in progress started, if one is.
    speaking_since: Option<Instant>,
    /// When the last speech ended, if the turn is waiting for its end, and whether Smart
    /// Turn has called it complete.
    paused_at: Option<(Instant, bool)>,
    /// Pauses counted, so a late verdict on an earlier pause is not taken for this one.
    pauses: u64,
    /// Smart Turn on a thread of its own (a verdict takes hundreds of milliseconds, and the
    /// ear must go on hearing meanwhile); `None` where the recogniser is not at 16 kHz.
    judge: Option<Judge>,
    last_report: Instant,
}

/// Smart Turn's thread for one stream: the last 8 s in, the verdict out, each tagged with
/// its pause.
struct Judge {
    asks: mpsc::SyncSender<(u64, Vec<f32>)>,
    verdicts: mpsc::Receiver<(u64, bool)>,
}

impl Judge {
    fn spawn(model: std::sync::Arc<turn::TurnModel>) -> std::io::Result<Self> {
        let (asks, asked) = mpsc::sync_channel::<(u64, Vec<f32>)>(1);
        let (verdict, verdicts) = mpsc::channel();
        std::thread::Builder::new()
            .name("doorstep-turn".into())
            .spawn(move || {
                while let Ok((pause, audio)) = asked.recv() {
                    let complete = match model.complete(&audio) {
                        Ok(p) => p >= turn::COMPLETE,
                        Err(e) => {
                            tracing::warn!(error = %e, "Smart Turn failed: the silence floor decides");
                            false
                        }
                    };
                    if verdict.send((pause, complete)).is_err() {
                        return;
                    }
                }
            })?;
        Ok(Self { asks, verdicts })
    }
}

impl Ear {
    fn new(
        models: EndOfSpeech,
        recogniser: Streaming,
        recogniser_rate: u32,
        timing: Timing,
    ) -> Result<Self, SpeechError> {
        let vad = models.vad.stream(TELEPHONE_RATE)?;
        let window = vad.window_seconds();
        // Smart Turn reads 16 kHz only: at another recogniser rate the floor decides.
        let judge = (recogniser_rate == turn::RATE)
            .then(|| Judge::spawn(models.turn.clone()).ok())
            .flatten();
        Ok(Self {
            endpointer: Endpointer::new(window, timing.min_speech, timing.pause),
            vad,
            models,
            recogniser,
            up: StreamResampler::new(TELEPHONE_RATE, recogniser_rate),
            recogniser_rate,
            unfed: Vec::with_capacity(recogniser_rate as usize / 5),
            recent: std::collections::VecDeque::with_capacity(turn::SAMPLES),
            timing,
            speaking_since: None,
            paused_at: None,
            pauses: 0,
            judge,
            last_report: Instant::now(),
        })
    }

    fn hear(&mut self, samples: &[i16]) -> Result<Vec<Heard>, SpeechError> {
        let now = Instant::now();
        let audio = to_f32(samples);
        let wide = self.up.push(&audio);
        self.unfed.extend(to_i16(&wide));
        if self.unfed.len() >= self.recogniser_rate as usize / 10 {
            self.recogniser.accept(&self.unfed)?;
            self.unfed.clear();
        }
        self.remember(&wide);
        let mut out = vec![];
        for p in self.vad.push(&self.models.vad, &audio)? {
            match self.endpointer.push(p) {
                Some(Activity::Started(_)) => {
                    self.paused_at = None;
                    self.pauses += 1;
                    if self.speaking_since.is_none() {
                        self.speaking_since = Some(now);
                        out.push(Heard::Started);
                    }
                }
                Some(Activity::Stopped(_)) => {
                    let ended = now - Duration::from_secs_f32(self.timing.pause);
                    self.pauses += 1;
                    self.paused_at = Some((ended, false));
                    self.ask_judge();
                }
                None => {}
            }
        }
        self.read_verdicts();
        if let Some((ended, complete)) = self.paused_at {
            let floor = Duration::from_secs_f32(self.timing.silence_floor);
            if complete || now.duration_since(ended) >= floor {
                out.push(self.end_turn(ended));
            }
        } else if let Some(since) = self.speaking_since {
            if now.duration_since(self.last_report) >= self.timing.speaking_every {
                self.last_report = now;
                out.push(Heard::Speaking {
                    seconds: now.duration_since(since).as_secs_f32(),
                });
            }
        }
        Ok(out)
    }

    /// Asks Smart Turn about the last 8 s, without waiting (a judge still busy with an
    /// earlier pause is not asked again: the floor decides this one).
    fn ask_judge(&mut self) {
        let Some(judge) = &self.judge else {
            return;
        };
        let (a, b) = self.recent.as_slices();
        let _ = judge.asks.try_send((self.pauses, [a, b].concat()));
    }

    /// Takes Smart Turn's verdicts; one on the pause in progress may end the turn.
    fn read_verdicts(&mut self) {
        let Some(judge) = &self.judge else {
            return;
        };
        while let Ok((pause, complete)) = judge.verdicts.try_recv() {
            if let (true, Some((ended, _))) = (pause == self.pauses, self.paused_at) {
                self.paused_at = Some((ended, complete));
            }
        }
    }

    fn end_turn(&mut self, ended: Instant) -> Heard {
        self.speaking_since = None;
        self.paused_at = None;
        if !self.unfed.is_empty() {
            let _ = self.recogniser.accept(&self.unfed);
            self.unfed.clear();
        }
        let text = self.recogniser.finish();
        if text.is_empty() {
            return Heard::Nothing;
        }
        Heard::Turn {
            text,
            speech_ended: ended,
        }
    }

    fn discard(&mut self) {
        self.recogniser.discard();
        self.speaking_since = None;
        self.paused_at = None;
    }

    fn remember(&mut self, wide: &[f32]) {
        self.recent.extend(wide.iter().copied());
        let over = self.recent.len().saturating_sub(turn::SAMPLES);
        self.recent.drain(..over);
    }
}
