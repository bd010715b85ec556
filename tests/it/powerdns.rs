//! A PowerDNS authoritative server (Debian's `pdns-server` with the SQLite
//! backend `pdns-backend-sqlite3`) on 127.0.0.1, with its HTTP API on, for
//! octoDNS to sync to: it lives as long as its [`PowerDns`] value.
//!
//! Each server gets its own configuration directory, a fresh SQLite
//! database made from the schema the package ships, and free loopback
//! ports for DNS and for the API; the package's own service (if the
//! system started one) is neither used nor disturbed. A missing program
//! fails the test (scripts/test installs them); it never skips.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::bind::{self, Rr};

/// Where Debian's pdns-backend-sqlite3 puts the database schema.
const SCHEMA: &[&str] = &[
    "/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql",
    "/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql",
];

/// A running `pdns_server`; dropping it kills the server.
pub struct PowerDns {
    child: Child,
    dir: TempDir,
    /// The DNS port (UDP and TCP).
    pub port: u16,
    /// The HTTP API's port.
    pub api_port: u16,
}

impl PowerDns {
    /// The API key the server accepts.
    pub const API_KEY: &'static str = "kunci-uji-powerdns";

    /// Starts a server with an empty database; waits until it answers on
    /// the API and accepts DNS over TCP.
    pub fn start() -> PowerDns {
        let server = program("pdns_server");
        let schema = SCHEMA
            .iter()
            .map(PathBuf::from)
            .find(|p| p.is_file())
            .unwrap_or_else(|| {
                panic!(
                    "the SQLite schema of pdns-backend-sqlite3 is missing ({}): run ./scripts/test, which installs pdns-server and pdns-backend-sqlite3",
                    SCHEMA[0]
                )
            });
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("pdns.sqlite3");
        create_database(&db, &schema);
        let port = bind::free_port();
        let api_port = loop {
            let p = bind::free_port();
            if p != port {
                break p;
            }
        };
        let conf = format!(
            "launch=gsqlite3\n\
             gsqlite3-database={db}\n\
             local-address=127.0.0.1\n\
             local-port={port}\n\
             api=yes\n\
             api-key={key}\n\
             webserver=yes\n\
             webserver-address=127.0.0.1\n\
             webserver-port={api_port}\n\
             webserver-allow-from=127.0.0.1/32\n\
             socket-dir={dir}\n\
             guardian=no\n\
             daemon=no\n\
             disable-syslog=yes\n\
             write-pid=no\n\
             security-poll-suffix=\n\
             loglevel=6\n",
            db = db.display(),
            key = Self::API_KEY,
            dir = dir.path().display(),
        );
        std::fs::write(dir.path().join("pdns.conf"), conf).expect("pdns.conf");
        let log = std::fs::File::create(dir.path().join("pdns.log")).expect("log");
        let child = Command::new(server)
            .arg(format!("--config-dir={}", dir.path().display()))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start pdns_server");
        let pdns = PowerDns {
            child,
            dir,
            port,
            api_port,
        };
        pdns.wait_ready();
        pdns
    }

    /// `127.0.0.1:<port>`, the DNS address.
    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// What the server logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("pdns.log")).unwrap_or_default()
    }

    /// One API call: status code and body. `path` is below `/api/v1/`.
    pub fn api(&self, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.api_port)).expect("API connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let body = body.unwrap_or("");
        let request = format!(
            "{method} /api/v1/{path} HTTP/1.0\r\nHost: 127.0.0.1\r\nX-API-Key: {key}\r\n\
             Content-Type: application/json\r\nContent-Length: {len}\r\n\r\n{body}",
            key = Self::API_KEY,
            len = body.len()
        );
        stream.write_all(request.as_bytes()).expect("API send");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("API answer");
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP answer: {answer}"));
        (status, body.to_string())
    }

    /// The zone's JSON as the API gives it.
    pub fn zone(&self, origin: &str) -> serde_json::Value {
        let (status, body) = self.api("GET", &format!("servers/localhost/zones/{origin}"), None);
        assert_eq!(status, 200, "GET zone {origin}: {body}");
        serde_json::from_str(&body).expect("zone JSON")
    }

    /// The zone's SOA serial.
    pub fn serial(&self, origin: &str) -> u32 {
        let zone = self.zone(origin);
        zone["serial"].as_u64().expect("serial") as u32
    }

    /// The zone's records, SOA left out, in the form of
    /// [`bind::read_back`] and [`bind::model_records`].
    pub fn records(&self, origin: &str) -> BTreeSet<Rr> {
        let zone = self.zone(origin);
        let mut out = BTreeSet::new();
        for rrset in zone["rrsets"].as_array().expect("rrsets") {
            let kind = rrset["type"].as_str().expect("type");
            if kind == "SOA" {
                continue;
            }
            let name = rrset["name"].as_str().expect("name").to_ascii_lowercase();
            let ttl = rrset["ttl"].as_u64().expect("ttl") as u32;
            for record in rrset["records"].as_array().expect("records") {
                let content = record["content"].as_str().expect("content");
                out.insert((name.clone(), ttl, kind.to_string(), bind::parts(content)));
            }
        }
        out
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            let launched = self.log().contains("ready to distribute questions");
            if launched
                && TcpStream::connect(self.addr()).is_ok()
                && TcpStream::connect(("127.0.0.1", self.api_port)).is_ok()
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "pdns_server did not start on {} (API port {}):\n{}",
            self.addr(),
            self.api_port,
            self.log()
        );
    }
}

impl Drop for PowerDns {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Creates the SQLite database at `db` from the package's `schema`, with
/// Python's sqlite3 module (Python is there for octoDNS anyway).
fn create_database(db: &Path, schema: &Path) {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys\n\
             c = sqlite3.connect(sys.argv[1])\n\
             c.executescript(open(sys.argv[2]).read())\n\
             c.commit()",
        ])
        .arg(db)
        .arg(schema)
        .output()
        .unwrap_or_else(|e| panic!("python3 is missing ({e}): run ./scripts/test"));
    assert!(
        out.status.success(),
        "creating the PowerDNS database failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The path of a program, from PATH or the sbin directories; a missing
/// one fails the test.
pub fn program(name: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let home = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/bin"));
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/bin", "/sbin"].map(PathBuf::from))
        .chain(home)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`{name}` is missing: run ./scripts/test, which installs pdns-server, pdns-backend-sqlite3 and octodns-powerdns"
            )
        })
}
