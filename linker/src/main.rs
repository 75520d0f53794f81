//! `tlink`: links T800 objects and libraries into a bootable image, makes a library
//! of objects (`--lib`), or dumps any of the three file kinds in readable form.
//!
//! Exit codes: 0 success, 1 link error (including corrupt input), 2 usage or I/O.

use clap::Parser;
use linker::archive::is_library;
use linker::image::IMAGE_MAGIC;
use linker::{dump, link, map, Image, Library, LinkError, LinkOptions, Object};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Link T800 object files (.tco) and libraries (.lib) into a boot image (.tbo).
#[derive(Parser, Debug)]
#[command(name = "tlink", version)]
struct Cli {
    /// Objects and libraries to link (objects are always linked, library members
    /// only when needed), or with --dump the files to print.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Directory searched for #USE libraries (repeatable).
    #[arg(short = 'L', value_name = "DIR")]
    lib_dirs: Vec<PathBuf>,
    /// Output image.
    #[arg(short, long, value_name = "FILE", default_value = "a.tbo")]
    output: PathBuf,
    /// Name of the entry PROC.
    #[arg(long, value_name = "NAME", default_value = "main")]
    entry: String,
    /// Also write a map file listing every symbol.
    #[arg(long, value_name = "FILE")]
    map: Option<PathBuf>,
    /// Boot stub without machine initialisation (queues, link words, clocks, error
    /// flags).
    #[arg(long)]
    bare: bool,
    /// Print an object, library or image in readable form instead of linking.
    #[arg(long)]
    dump: bool,
    /// Write the objects (and the members of the libraries) given, in order, as one
    /// library to the output instead of linking.
    #[arg(long, conflicts_with = "dump")]
    lib: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tlink: {e}");
            ExitCode::from(if e.is_io() { 2 } else { 1 })
        }
    }
}

fn run(cli: &Cli) -> Result<(), LinkError> {
    if cli.dump {
        for f in &cli.files {
            print!("{}", dump_file(f)?);
        }
        return Ok(());
    }
    if cli.lib {
        return make_library(cli);
    }
    let mut objects = Vec::new();
    let mut libraries = Vec::new();
    for f in &cli.files {
        let bytes = read(f)?;
        let what = f.display().to_string();
        if is_library(&bytes) {
            let name = f
                .file_stem()
                .map_or(what.clone(), |s| s.to_string_lossy().into_owned());
            libraries.push((name, Library::from_bytes(&bytes, &what)?));
        } else {
            objects.push(Object::from_bytes(&bytes, &what)?);
        }
    }
    let opts = LinkOptions {
        entry: cli.entry.clone(),
        lib_dirs: cli.lib_dirs.clone(),
        libraries,
        bare: cli.bare,
        ..LinkOptions::default()
    };
    let image = link(&objects, &opts)?;
    write(&cli.output, &image.to_bytes())?;
    if let Some(m) = &cli.map {
        write(m, map::render(&image).as_bytes())?;
    }
    Ok(())
}

/// `tlink --lib`: members in command-line order; a library's members are taken over.
fn make_library(cli: &Cli) -> Result<(), LinkError> {
    let mut lib = Library::default();
    for f in &cli.files {
        let bytes = read(f)?;
        let what = f.display().to_string();
        if is_library(&bytes) {
            lib.members
                .extend(Library::from_bytes(&bytes, &what)?.members);
        } else {
            lib.members.push(Object::from_bytes(&bytes, &what)?);
        }
    }
    write(&cli.output, &lib.to_bytes())
}

fn dump_file(f: &Path) -> Result<String, LinkError> {
    let bytes = read(f)?;
    let what = f.display().to_string();
    Ok(if is_library(&bytes) {
        dump::library(&Library::from_bytes(&bytes, &what)?)
    } else if bytes.starts_with(&IMAGE_MAGIC) {
        dump::image(&Image::from_bytes(&bytes, &what)?)
    } else {
        dump::object(&Object::from_bytes(&bytes, &what)?)
    })
}

fn read(f: &Path) -> Result<Vec<u8>, LinkError> {
    std::fs::read(f).map_err(|e| LinkError::Io {
        path: f.display().to_string(),
        message: e.to_string(),
    })
}

fn write(f: &Path, bytes: &[u8]) -> Result<(), LinkError> {
    std::fs::write(f, bytes).map_err(|e| LinkError::Io {
        path: f.display().to_string(),
        message: e.to_string(),
    })
}
