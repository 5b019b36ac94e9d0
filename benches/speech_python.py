"""The Python side of the speech benchmark: the `piper-tts` and `vosk` packages on the same
voice, model and audio as benches/speech.rs. Run by scripts/bench-speech.sh."""

import json
import statistics
import sys
import threading
import time
import wave

import numpy as np
from piper import PiperVoice
from vosk import KaldiRecognizer, Model, SetLogLevel

SHORT = "Please see a doctor today."
THREE = ("Please rest and drink plenty of clean water. If the fever rises or you feel "
         "confused, see a doctor today. In an emergency, dial 1 0 8 at once.")


def piper(models, runs):
    t = time.perf_counter()
    voice = PiperVoice.load(f"{models}/voices/en_US-joe-medium.onnx")
    load = time.perf_counter() - t
    list(voice.synthesize("Hello."))
    first = []
    for _ in range(runs):
        t = time.perf_counter()
        next(iter(voice.synthesize(SHORT)))
        first.append(time.perf_counter() - t)
    rtf = []
    for _ in range(runs):
        t = time.perf_counter()
        seconds = 0.0
        for chunk in voice.synthesize(THREE):
            seconds += len(chunk.audio_float_array) / chunk.sample_rate
        rtf.append((time.perf_counter() - t) / seconds)
    return {"load_ms": load * 1000, "first_audio_ms": statistics.median(first) * 1000,
            "rtf": statistics.median(rtf)}


def vosk(models, wav_path, runs):
    SetLogLevel(-1)
    with wave.open(wav_path) as w:
        rate = w.getframerate()
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    seconds = len(pcm) / rate
    t = time.perf_counter()
    model = Model(f"{models}/vosk/ko")
    load = time.perf_counter() - t
    chunk = rate // 50  # 20 ms of 8 kHz telephone audio; Vosk resamples to the model's rate

    def run(rec):
        for i in range(0, len(pcm), chunk):
            rec.AcceptWaveform(pcm[i:i + chunk].tobytes())
        return json.loads(rec.FinalResult())["text"]

    fresh_rec = KaldiRecognizer(model, rate)
    t = time.perf_counter()
    text = run(fresh_rec)
    fresh = (time.perf_counter() - t) / seconds
    reused = []
    for _ in range(min(runs, 10)):
        fresh_rec.Reset()
        t = time.perf_counter()
        run(fresh_rec)
        reused.append((time.perf_counter() - t) / seconds)
    streams = {}
    recs = [KaldiRecognizer(model, rate) for _ in range(8)]
    for r in recs:
        run(r)
    for n in (1, 2, 4, 8):
        for r in recs:
            r.Reset()
        threads = [threading.Thread(target=run, args=(recs[i],)) for i in range(n)]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        streams[n] = (time.perf_counter() - t) / seconds
    return {"load_ms": load * 1000, "seconds": seconds, "rtf_fresh": fresh,
            "rtf_reused": statistics.median(reused), "streams_rtf": streams, "text": text}


def peak_rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    return 0


if __name__ == "__main__":
    models, wav_path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    result = {"piper": piper(models, runs), "vosk": vosk(models, wav_path, runs)}
    result["peak_rss_mib"] = peak_rss_mib()
    print(json.dumps(result, ensure_ascii=False, indent=1))
