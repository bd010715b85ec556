//! BIND's own tools, driven for real: `named-checkzone`, `named-compilezone`,
//! `dig` and a `named` on 127.0.0.1 that lives as long as its [`Named`] value.
//!
//! A missing tool fails the test (scripts/test installs Debian's bind9,
//! bind9-utils and bind9-dnsutils); it never skips.

use std::collections::BTreeSet;
use std::net::{TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use loket::dns::{Record, Zone};
use tempfile::TempDir;

/// The path of a BIND tool, from PATH or the sbin directories.
pub fn tool(name: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/bin", "/sbin"].map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`{name}` is missing: install Debian's bind9, bind9-utils and bind9-dnsutils (scripts/test does)"
            )
        })
}

/// Runs `named-checkzone` on `file`; panics with its output unless it
/// accepts the zone.
#[track_caller]
pub fn check_zone(origin: &str, file: &Path) {
    zone_tool(
        "named-checkzone",
        &["-k", "fail", "-n", "fail", "-i", "local"],
        origin,
        file,
    );
}

/// Runs a BIND zone tool on `file`; its standard output, or a panic with
/// what it said.
#[track_caller]
fn zone_tool(name: &str, args: &[&str], origin: &str, file: &Path) -> Vec<u8> {
    let out = Command::new(tool(name))
        .args(args)
        .arg(origin)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("run {name}: {e}"));
    assert!(
        out.status.success(),
        "{name} refused {}:\n{}{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// One part of a record's data: a word, or a quoted string as bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// An unquoted token, lower case.
    Word(String),
    /// A quoted character-string, unescaped.
    Bytes(Vec<u8>),
}

/// A record as BIND reads it back, or as the model holds it.
pub type Rr = (String, u32, String, Vec<Part>);

/// The records of `file` as BIND reads them (`named-compilezone` to its
/// canonical text), SOA left out.
pub fn read_back(origin: &str, file: &Path) -> BTreeSet<Rr> {
    let out = zone_tool(
        "named-compilezone",
        &["-q", "-k", "fail", "-i", "local", "-o", "-"],
        origin,
        file,
    );
    let text = String::from_utf8(out).expect("canonical zone is ASCII");
    text.lines()
        .filter_map(|line| {
            let mut fields = Vec::with_capacity(4);
            let mut rest = line;
            for _ in 0..4 {
                rest = rest.trim_start();
                let end = rest.find(char::is_whitespace)?;
                fields.push(&rest[..end]);
                rest = &rest[end..];
            }
            let (name, ttl, kind, rest) = (fields[0], fields[1], fields[3], rest.trim());
            (kind != "SOA").then(|| {
                (
                    name.to_ascii_lowercase(),
                    ttl.parse().expect("ttl"),
                    kind.to_string(),
                    parts(rest),
                )
            })
        })
        .collect()
}

/// The model's records, as [`read_back`] gives them.
pub fn model_records(zone: &Zone) -> BTreeSet<Rr> {
    zone.rrs()
        .map(|rr| {
            let data = match &rr.record {
                Record::Txt(txt) => txt.strings().map(|s| Part::Bytes(s.to_vec())).collect(),
                Record::Caa(caa) => vec![
                    Part::Word(caa.flags.to_string()),
                    Part::Word(caa.tag.as_str().to_string()),
                    Part::Bytes(caa.value.as_bytes().to_vec()),
                ],
                other => parts(&other.data().to_string()),
            };
            (
                rr.owner.fqdn(&zone.origin).to_string(),
                rr.ttl,
                rr.record.kind().to_string(),
                data,
            )
        })
        .collect()
}

/// Splits zone-file data into words and unescaped quoted strings.
pub fn parts(text: &str) -> Vec<Part> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' => i += 1,
            b'"' => {
                let mut s = Vec::new();
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        let digits = text
                            .get(i + 1..i + 4)
                            .filter(|d| d.bytes().all(|b| b.is_ascii_digit()));
                        if let Some(d) = digits {
                            s.push(d.parse::<u8>().expect("\\DDD"));
                            i += 4;
                        } else {
                            s.push(bytes[i + 1]);
                            i += 2;
                        }
                    } else {
                        s.push(bytes[i]);
                        i += 1;
                    }
                }
                i += 1;
                out.push(Part::Bytes(s));
            }
            _ => {
                let start = i;
                while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t') {
                    i += 1;
                }
                out.push(Part::Word(text[start..i].to_ascii_lowercase()));
            }
        }
    }
    out
}

/// A `named` serving one zone from a temporary directory on 127.0.0.1 at a
/// free high port, accepting updates signed with [`Named::KEY_NAME`].
/// Dropping it kills the server, whatever the test did.
pub struct Named {
    child: Child,
    dir: TempDir,
    /// The port it listens on (UDP and TCP).
    pub port: u16,
}

impl Named {
    /// The TSIG key's name.
    pub const KEY_NAME: &'static str = "loket-uji";
    /// The key's secret (base64 of 32 bytes).
    pub const SECRET: &'static str = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ=";

    /// Starts `named` with `zone_text` as the zone `origin`; waits until it
    /// logs that it is running (zones loaded) and accepts TCP.
    pub fn start(origin: &str, zone_text: &str) -> Named {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        std::fs::write(dir.path().join("zone.db"), zone_text).expect("zone file");
        let conf = format!(
            "key \"{key}\" {{ algorithm hmac-sha256; secret \"{secret}\"; }};\n\
             options {{\n  directory \"{dir}\";\n  pid-file none;\n  listen-on port {port} {{ 127.0.0.1; }};\n  \
             listen-on-v6 {{ none; }};\n  recursion no;\n  dnssec-validation no;\n  notify no;\n}};\n\
             controls {{ }};\n\
             zone \"{origin}\" {{ type primary; file \"zone.db\"; allow-update {{ key \"{key}\"; }}; }};\n",
            key = Self::KEY_NAME,
            secret = Self::SECRET,
            dir = dir.path().display(),
        );
        let conf_path = dir.path().join("named.conf");
        std::fs::write(&conf_path, conf).expect("named.conf");
        let log = std::fs::File::create(dir.path().join("named.log")).expect("log");
        let child = Command::new(tool("named"))
            .args(["-g", "-n", "1", "-c"])
            .arg(&conf_path)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start named");
        let named = Named { child, dir, port };
        named.wait_ready();
        named
    }

    /// `127.0.0.1:<port>`.
    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// What named logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("named.log")).unwrap_or_default()
    }

    /// A key file for `loket dns apply`, holding `secret`.
    pub fn key_file(&self, secret: &str) -> PathBuf {
        let path = self.dir.path().join(format!("key-{}.conf", secret.len()));
        let text = format!(
            "key \"{}\" {{\n\talgorithm hmac-sha256;\n\tsecret \"{secret}\";\n}};\n",
            Self::KEY_NAME
        );
        std::fs::write(&path, text).expect("key file");
        path
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            let running = self.log().lines().any(|l| l.ends_with(" running"));
            if running && TcpStream::connect(self.addr()).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("named did not start on {}:\n{}", self.addr(), self.log());
    }
}

impl Drop for Named {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port free for both UDP and TCP on 127.0.0.1, above 20000.
pub fn free_port() -> u16 {
    for _ in 0..100 {
        let Ok(udp) = UdpSocket::bind("127.0.0.1:0") else {
            continue;
        };
        let Ok(port) = udp.local_addr().map(|a| a.port()) else {
            continue;
        };
        if port > 20_000 && std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    panic!("no free port on 127.0.0.1")
}
