//! `loket build`: the public site into a directory; with `--pdf`, the
//! receipts and letters printed to PDF beside their pages.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::cli::BuildArgs;
use crate::cmd::CmdError;
use crate::cmd::assemble::build_into;
use crate::cmd::workspace::{Workspace, build_date};
use crate::site::Sink;
use crate::site::pdf::{self, Capture, Chromium, Previous, Printer};
use crate::site::reprint::MANIFEST;
use crate::site::write::{DirSink, written};

/// Runs `loket build`.
pub(super) fn run(ws: &Workspace, args: BuildArgs) -> Result<ExitCode, CmdError> {
    let (root, lang) = (ws.root()?, ws.lang);
    let out = args.out.clone().unwrap_or_else(|| root.join("public"));
    let chromium = if args.pdf {
        Some(Chromium::find(
            args.chromium.as_deref(),
            std::env::var("LOKET_CHROMIUM").ok().as_deref(),
            std::env::var("PATH").ok().as_deref(),
        )?)
    } else {
        None
    };
    let sink = DirSink::new(&out)?;
    let started = Instant::now();
    let tty = std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        if tty && started.elapsed() > Duration::from_secs(1) {
            eprint!("\r{done}/{total} halaman");
        }
    };
    let result = (|| -> Result<(usize, usize, usize), CmdError> {
        // With --pdf, the sink also keeps what Chromium needs to print.
        let capture = chromium.as_ref().map(|_| Capture::new(&sink));
        let target: &dyn Sink = match &capture {
            Some(capture) => capture,
            None => &sink,
        };
        let built = build_into(
            root,
            lang,
            &args.site,
            args.base_url.as_deref(),
            capture.is_some(),
            target,
            &progress,
        )?;
        let Some((chromium, capture)) = chromium.as_ref().zip(capture) else {
            return Ok((built.files, 0, 0));
        };
        if tty && started.elapsed() > Duration::from_secs(1) {
            eprintln!();
        }
        let previous = Previous::read(&out);
        let printer = Printer {
            chromium,
            previous: &previous,
            date: build_date(args.site.now)?,
            tabs: std::env::var("LOKET_PDF_TABS")
                .ok()
                .and_then(|t| t.trim().parse().ok())
                .unwrap_or(pdf::TABS),
        };
        let printed = pdf::print(
            capture.into_files(),
            &built.root,
            &built.printable,
            &printer,
        )?;
        printed.put_into(&sink)?;
        sink.put(MANIFEST, &printed.manifest.to_json()?)?;
        let reused = printed.pdfs.len() - printed.printed;
        Ok((
            built.files + printed.pdfs.len() + 1,
            printed.pdfs.len(),
            reused,
        ))
    })();
    match result {
        Ok((files, pdfs, reused)) => {
            let out = sink.commit()?;
            if tty && started.elapsed() > Duration::from_secs(1) {
                eprintln!();
            }
            let secs = started.elapsed().as_secs_f64();
            println!("{}", written(files, &out, pdfs, reused, secs, lang));
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            sink.abandon();
            Err(e)
        }
    }
}
