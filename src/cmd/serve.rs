//! `loket serve`: build the site into memory, serve it on 127.0.0.1 and
//! rebuild whenever an input changes (polling modification times).

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crate::cli::ServeArgs;
use crate::cmd::CmdError;
use crate::cmd::assemble::build_into;
use crate::cmd::workspace::Workspace;
use crate::site::MemorySink;
use crate::site::serve::{self, Served, fingerprint};

/// How often inputs are looked at.
const POLL: Duration = Duration::from_millis(500);

/// Runs `loket serve`.
pub(super) fn run(ws: &Workspace, args: ServeArgs) -> Result<ExitCode, CmdError> {
    let (root, lang) = (ws.root()?.to_path_buf(), ws.lang);
    let server = tiny_http::Server::http(("127.0.0.1", args.port)).map_err(|e| {
        CmdError::usage(
            format!("cannot listen on 127.0.0.1:{}: {e}", args.port),
            "choose another port with --port".to_string(),
        )
    })?;
    let port = server.server_addr().to_ip().map_or(args.port, |a| a.port());
    let base = format!("http://127.0.0.1:{port}/");
    let served = Arc::new(Served::default());
    let snapshot = args.site.snapshot.clone();
    let build = {
        let (root, base) = (root.clone(), base.clone());
        move || -> Result<_, CmdError> {
            let sink = MemorySink::default();
            build_into(
                &root,
                lang,
                &args.site,
                Some(&base),
                false,
                &sink,
                &|_, _| {},
            )?;
            Ok(sink.into_files())
        }
    };
    let mut stamp = fingerprint(&root, snapshot.as_deref());
    served.replace(build()?);
    let stop = lang.pick("Ctrl+C untuk berhenti", "Ctrl+C to stop");
    println!("loket serve: {base}  ({stop})");
    let _ = std::io::stdout().flush();
    {
        let served = Arc::clone(&served);
        let root = root.clone();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(POLL);
                let now = fingerprint(&root, snapshot.as_deref());
                if now == stamp {
                    continue;
                }
                stamp = now;
                match build() {
                    Ok(files) => {
                        served.replace(files);
                        println!("{}", lang.pick("dibangun ulang", "rebuilt"));
                    }
                    Err(e) => eprintln!("{:?}", miette::Report::new(e)),
                }
                let _ = std::io::stdout().flush();
            }
        });
    }
    serve::run(&server, &served);
    Ok(ExitCode::SUCCESS)
}
