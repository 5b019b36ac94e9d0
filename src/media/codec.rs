//! Telephone audio on the wire: G.711 mu-law and 16-bit little-endian PCM at 8 kHz, in 20 ms
//! frames, and a resampler that keeps its state across frames (a stream arrives in pieces,
//! and resampling each piece alone would click at every joint).

use crate::speech::audio::mulaw_decode;

/// Samples in one 20 ms frame at 8 kHz: what every carrier sends and expects.
pub const FRAME: usize = 160;

/// How a stream's audio is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// G.711 mu-law, one byte a sample (Twilio; Plivo's `audio/x-mulaw`).
    MuLaw,
    /// Signed 16-bit little-endian PCM (Exotel; Plivo's `audio/x-l16`).
    L16,
}

impl Encoding {
    /// Bytes on the wire to samples.
    pub fn decode(self, bytes: &[u8]) -> Vec<i16> {
        match self {
            Self::MuLaw => bytes.iter().map(|&b| mulaw_decode(b)).collect(),
            Self::L16 => bytes
                .chunks_exact(2)
                .map(|p| i16::from_le_bytes([p[0], p[1]]))
                .collect(),
        }
    }

    /// Samples to bytes on the wire.
    pub fn encode(self, samples: &[i16]) -> Vec<u8> {
        match self {
            Self::MuLaw => samples.iter().map(|&s| mulaw_encode(s)).collect(),
            Self::L16 => samples.iter().flat_map(|s| s.to_le_bytes()).collect(),
        }
    }
}

/// Linear 16-bit to G.711 mu-law (the ITU reference's bias and clip).
pub fn mulaw_encode(sample: i16) -> u8 {
    const BIAS: i32 = 0x84;
    const CLIP: i32 = 32635;
    let s = i32::from(sample);
    let sign = if s < 0 { 0x80 } else { 0 };
    let magnitude = s.abs().min(CLIP) + BIAS;
    let exponent = (7 - (magnitude.leading_zeros() as i32 - 17)).clamp(0, 7);
    let mantissa = (magnitude >> (exponent + 3)) & 0x0F;
    !(sign | (exponent << 4) | mantissa) as u8
}

/// A resampler fed in pieces: the same windowed-sinc filter as
/// [`crate::speech::audio::resample`], with the input's tail kept between pieces.
pub struct StreamResampler {
    from: u32,
    to: u32,
    /// Input not yet wholly used, starting at absolute input index `base`.
    held: Vec<f32>,
    base: u64,
    /// The next output's index.
    next: u64,
    reach: u64,
}

impl StreamResampler {
    /// A resampler from `from` to `to` Hz.
    pub fn new(from: u32, to: u32) -> Self {
        // The batch resampler's filter reaches 16 zero crossings of the lower rate each way.
        let reach = (16.0 / (f64::from(to) / f64::from(from)).min(1.0) / 0.95).ceil() as u64 + 2;
        Self {
            from,
            to,
            held: vec![],
            base: 0,
            next: 0,
            reach,
        }
    }

    /// Takes the next piece; returns every output sample its input now fully determines.
    pub fn push(&mut self, input: &[f32]) -> Vec<f32> {
        if self.from == self.to {
            return input.to_vec();
        }
        self.held.extend_from_slice(input);
        let have = self.base + self.held.len() as u64;
        let (up, down) = (u64::from(self.to), u64::from(self.from));
        // Output n is centred on input n * from / to and needs `reach` inputs past it.
        let mut last = self.next;
        while (last * down) / up + self.reach < have {
            last += 1;
        }
        if last == self.next {
            return vec![];
        }
        // Resample the held window with the batch filter and keep the outputs it settles.
        let out_all = crate::speech::audio::resample(&self.held, self.from, self.to);
        let offset = (self.base * up).div_ceil(down);
        let out: Vec<f32> = (self.next..last)
            .filter_map(|n| out_all.get((n - offset) as usize).copied())
            .collect();
        self.next = last;
        // Keep what later outputs still reach back to.
        let keep_from = ((self.next * down) / up).saturating_sub(self.reach);
        if keep_from > self.base {
            let drop = ((keep_from - self.base) as usize).min(self.held.len());
            // Drop only whole multiples of the ratio's input period, so the batch filter's
            // phases stay aligned with the absolute positions.
            let period = (down / gcd(up, down)) as usize;
            let drop = drop - drop % period;
            self.held.drain(..drop);
            self.base += drop as u64;
        }
        out
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Samples in [-1, 1].
pub fn to_f32(samples: &[i16]) -> Vec<f32> {
    samples.iter().map(|&s| f32::from(s) / 32768.0).collect()
}

/// Samples as 16-bit, clipped.
pub fn to_i16(samples: &[f32]) -> Vec<i16> {
    samples
        .iter()
        .map(|s| (s * 32767.0).clamp(-32768.0, 32767.0) as i16)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mulaw_round_trips_within_its_step() {
        for s in (-32000i32..32000).step_by(97) {
            let back = i32::from(mulaw_decode(mulaw_encode(s as i16)));
            // mu-law's step grows with the magnitude: about 3% of it, at least a few units.
            let tolerance = (s.abs() / 16).max(8);
            assert!((back - s).abs() <= tolerance, "{s} came back as {back}");
        }
        assert_eq!(mulaw_encode(0), 0xFF);
    }

    #[test]
    fn l16_is_little_endian() {
        assert_eq!(Encoding::L16.encode(&[1, -2]), vec![1, 0, 0xFE, 0xFF]);
        assert_eq!(Encoding::L16.decode(&[1, 0, 0xFE, 0xFF]), vec![1, -2]);
    }

    #[test]
    fn resampling_in_pieces_matches_resampling_at_once() {
        let tone: Vec<f32> = (0..8000)
            .map(|i| 0.5 * (2.0 * std::f32::consts::PI * 440.0 * i as f32 / 8000.0).sin())
            .collect();
        let whole = crate::speech::audio::resample(&tone, 8000, 16000);
        let mut r = StreamResampler::new(8000, 16000);
        let mut pieces = vec![];
        for frame in tone.chunks(FRAME) {
            pieces.extend(r.push(frame));
        }
        // Every output the pieces settled matches the batch's (the tail waits for input).
        assert!(pieces.len() > 15_800, "{}", pieces.len());
        for (i, (a, b)) in pieces.iter().zip(&whole).enumerate() {
            assert!((a - b).abs() < 1e-4, "sample {i}: {a} vs {b}");
        }
    }
}
