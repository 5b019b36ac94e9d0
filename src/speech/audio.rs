//! Audio plumbing: WAV in and out (16-bit PCM and G.711 mu-law), and resampling between the
//! telephone's 8 kHz, the recognisers' 16 kHz and the voices' 22.05 kHz.

/// Mono audio: samples in [-1, 1] and their rate.
#[derive(Clone, Debug, PartialEq)]
pub struct Audio {
    pub rate: u32,
    pub samples: Vec<f32>,
}

impl Audio {
    /// Length in seconds.
    pub fn seconds(&self) -> f64 {
        self.samples.len() as f64 / f64::from(self.rate.max(1))
    }

    /// Root-mean-square level, 0 for silence.
    pub fn rms(&self) -> f32 {
        if self.samples.is_empty() {
            return 0.0;
        }
        (self.samples.iter().map(|s| s * s).sum::<f32>() / self.samples.len() as f32).sqrt()
    }

    /// The same audio at another rate.
    pub fn resampled(&self, rate: u32) -> Audio {
        Audio {
            rate,
            samples: resample(&self.samples, self.rate, rate),
        }
    }

    /// 16-bit samples, clipped.
    pub fn to_i16(&self) -> Vec<i16> {
        self.samples
            .iter()
            .map(|s| (s.clamp(-1.0, 1.0) * 32767.0).round() as i16)
            .collect()
    }
}

/// Why a WAV file could not be read.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum WavError {
    #[error("not a RIFF/WAVE file")]
    NotWav,
    #[error("unsupported WAV encoding (format {format}, {bits} bits): only 16-bit PCM and mu-law")]
    Unsupported { format: u16, bits: u16 },
    #[error("the WAV file is cut short")]
    Truncated,
}

/// Reads a WAV file: 16-bit PCM or 8-bit G.711 mu-law (what telephone recordings use); several
/// channels are mixed down to one.
pub fn read_wav(bytes: &[u8]) -> Result<Audio, WavError> {
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return Err(WavError::NotWav);
    }
    let mut pos = 12;
    let mut format = None;
    while pos + 8 <= bytes.len() {
        let id = &bytes[pos..pos + 4];
        let len = u32::from_le_bytes(bytes[pos + 4..pos + 8].try_into().unwrap()) as usize;
        let body = pos + 8;
        let end = body.saturating_add(len).min(bytes.len());
        if id == b"fmt " {
            if len < 16 || body + 16 > bytes.len() {
                return Err(WavError::Truncated);
            }
            let u16_at = |o: usize| u16::from_le_bytes([bytes[body + o], bytes[body + o + 1]]);
            let rate = u32::from_le_bytes(bytes[body + 4..body + 8].try_into().unwrap());
            format = Some((u16_at(0), u16_at(2).max(1), rate, u16_at(14)));
        } else if id == b"data" {
            let (tag, channels, rate, bits) = format.ok_or(WavError::Truncated)?;
            let data = &bytes[body..end];
            let mono: Vec<f32> = match (tag, bits) {
                (1, 16) => data
                    .chunks_exact(2)
                    .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
                    .collect(),
                (7, 8) => data
                    .iter()
                    .map(|&b| f32::from(mulaw_decode(b)) / 32768.0)
                    .collect(),
                _ => return Err(WavError::Unsupported { format: tag, bits }),
            };
            let channels = usize::from(channels);
            let samples = mono
                .chunks(channels)
                .map(|frame| frame.iter().sum::<f32>() / channels as f32)
                .collect();
            return Ok(Audio { rate, samples });
        }
        pos = body + len + (len & 1);
    }
    Err(WavError::Truncated)
}

/// Writes mono 16-bit PCM WAV.
pub fn write_wav(audio: &Audio) -> Vec<u8> {
    let pcm = audio.to_i16();
    let data_len = (pcm.len() * 2) as u32;
    let mut out = Vec::with_capacity(44 + pcm.len() * 2);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&audio.rate.to_le_bytes());
    out.extend_from_slice(&(audio.rate * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for s in pcm {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out
}

/// G.711 mu-law to linear 16-bit.
pub fn mulaw_decode(byte: u8) -> i16 {
    let b = !byte;
    let sign = b & 0x80;
    let exponent = (b >> 4) & 0x07;
    let mantissa = i32::from(b & 0x0F);
    let magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
    if sign != 0 {
        -magnitude as i16
    } else {
        magnitude as i16
    }
}

/// Windowed-sinc resampling (Blackman window, 16 zero crossings each side), low-passed at the
/// lower of the two Nyquist frequencies so going down to 8 kHz does not alias. Polyphase: the
/// filter taps for each of the ratio's phases are computed once per rate pair and kept.
pub fn resample(input: &[f32], from: u32, to: u32) -> Vec<f32> {
    if from == to || input.is_empty() || from == 0 || to == 0 {
        return input.to_vec();
    }
    let table = Polyphase::for_rates(from, to);
    let out_len = (input.len() as u64 * u64::from(table.up) / u64::from(table.down)) as usize;
    let mut out = Vec::with_capacity(out_len);
    for n in 0..out_len {
        // Output n sits at input position n * down / up.
        let pos = n as u64 * u64::from(table.down);
        let base = (pos / u64::from(table.up)) as i64;
        let phase = (pos % u64::from(table.up)) as usize;
        let taps = &table.taps[phase];
        let start = base - table.reach as i64;
        let mut acc = 0.0f32;
        for (k, w) in taps.iter().enumerate() {
            let i = start + k as i64;
            if i >= 0 && (i as usize) < input.len() {
                acc += input[i as usize] * w;
            }
        }
        out.push(acc);
    }
    out
}

/// Filter taps for one rate pair: `taps[phase][k]` weighs input `base - reach + k`.
struct Polyphase {
    up: u32,
    down: u32,
    reach: usize,
    taps: Vec<Vec<f32>>,
}

impl Polyphase {
    fn for_rates(from: u32, to: u32) -> std::sync::Arc<Polyphase> {
        use std::collections::HashMap;
        use std::sync::{Arc, Mutex, OnceLock};
        type Tables = Mutex<HashMap<(u32, u32), Arc<Polyphase>>>;
        static TABLES: OnceLock<Tables> = OnceLock::new();
        let tables = TABLES.get_or_init(|| Mutex::new(HashMap::new()));
        let mut tables = tables.lock().unwrap_or_else(|p| p.into_inner());
        tables
            .entry((from, to))
            .or_insert_with(|| Arc::new(Self::build(from, to)))
            .clone()
    }

    fn build(from: u32, to: u32) -> Polyphase {
        const ZEROS: f64 = 16.0;
        let g = gcd(from, to);
        let (up, down) = (to / g, from / g);
        let ratio = f64::from(to) / f64::from(from);
        let cutoff = ratio.min(1.0) * 0.95;
        let half_width = ZEROS / cutoff;
        let reach = half_width.ceil() as usize + 1;
        let taps = (0..up)
            .map(|phase| {
                let frac = f64::from(phase) / f64::from(up);
                (0..=2 * reach)
                    .map(|k| {
                        let t = k as f64 - reach as f64 - frac;
                        if t.abs() > half_width {
                            return 0.0;
                        }
                        let sinc = if t == 0.0 {
                            1.0
                        } else {
                            let a = std::f64::consts::PI * t * cutoff;
                            a.sin() / a
                        };
                        let x = std::f64::consts::PI * t / half_width;
                        let blackman = 0.42 + 0.5 * x.cos() + 0.08 * (2.0 * x).cos();
                        (sinc * cutoff * blackman) as f32
                    })
                    .collect()
            })
            .collect();
        Polyphase {
            up,
            down,
            reach,
            taps,
        }
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(freq: f32, rate: u32, seconds: f32) -> Audio {
        let n = (rate as f32 * seconds) as usize;
        Audio {
            rate,
            samples: (0..n)
                .map(|i| 0.5 * (2.0 * std::f32::consts::PI * freq * i as f32 / rate as f32).sin())
                .collect(),
        }
    }

    #[test]
    fn wav_round_trips_and_mulaw_decodes() {
        let a = tone(440.0, 8000, 0.1);
        let back = read_wav(&write_wav(&a)).unwrap();
        assert_eq!(back.rate, 8000);
        assert_eq!(back.samples.len(), a.samples.len());
        assert!((back.rms() - a.rms()).abs() < 0.001);
        assert_eq!(mulaw_decode(0xFF), 0);
        assert_eq!(mulaw_decode(0x80), 32124);
        assert_eq!(mulaw_decode(0x00), -32124);
        assert_eq!(read_wav(b"nonsense"), Err(WavError::NotWav));
    }

    #[test]
    fn resampling_keeps_a_tone_and_drops_what_the_new_rate_cannot_carry() {
        let voice = tone(440.0, 22050, 0.5);
        let phone = voice.resampled(8000);
        assert_eq!(phone.samples.len(), 4000);
        assert!((phone.rms() - voice.rms()).abs() < 0.02, "{}", phone.rms());
        // 6 kHz is above 8 kHz's Nyquist frequency: filtered out, not folded back.
        let high = tone(6000.0, 22050, 0.5).resampled(8000);
        assert!(high.rms() < 0.02, "{}", high.rms());
        let up = tone(440.0, 8000, 0.5).resampled(16000);
        assert_eq!(up.samples.len(), 8000);
        assert!((up.rms() - 0.3535).abs() < 0.02, "{}", up.rms());
    }
}
