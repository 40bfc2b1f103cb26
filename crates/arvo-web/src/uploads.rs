//! Files uploaded on the import page. Each waits under a random token, beside a description of
//! what its user chose (the kind of data, the column mapping, whether rejected rows may be left
//! out). It is checked (a dry run) and imported in the background, one run at a time, while the
//! page follows the run's progress; the last run's report stays for the page to show. Uploads,
//! their rejected rows and their reports are forgotten a day after they came.

use crate::auth::{Caller, secrets};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::imports::{self, ImportReport, ImportSettings, Progress};
use arvo_sheets::{Kind, Mapping};
use arvo_store::Store;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// How long an upload waits for its import.
const KEPT_SECONDS: u64 = 24 * 3600;
/// Rejected rows a finished run keeps for the page; the rest are counted.
pub const KEPT_REJECTIONS: usize = 100;

/// What the user chose for an upload, kept beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upload {
    /// The user who uploaded it: nobody else sees it.
    pub owner: i64,
    pub kind: Kind,
    pub file_name: String,
    /// The mapping chosen on the page; `None`: the one suggested from the header.
    pub mapping: Option<Mapping>,
    pub skip_invalid: bool,
    /// Whether the file has been imported (it is not imported twice).
    pub applied: bool,
}

/// A run of an upload: a check or the import.
#[derive(Debug, Clone)]
pub enum Run {
    Running {
        applying: bool,
        progress: Progress,
    },
    Finished {
        applying: bool,
        /// The report, its rejections cut to [`KEPT_REJECTIONS`]; or why the file could not be
        /// read (an unreadable file, a mapping that does not fit it).
        result: Result<Box<ImportReport>, String>,
        /// All rejected rows, kept or not.
        rejected: usize,
    },
}

/// The uploads waiting on this server, and their runs.
#[derive(Clone)]
pub struct Uploads {
    dir: PathBuf,
    runs: Arc<Mutex<HashMap<String, Run>>>,
}

impl Default for Uploads {
    fn default() -> Self {
        Self::new(std::env::temp_dir().join("arvo-uploads"))
    }
}

impl Uploads {
    pub fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            runs: Arc::default(),
        }
    }

    /// The uploaded file of this token; `None` for a token the page never gave out.
    pub fn file(&self, token: &str) -> Option<PathBuf> {
        let valid = token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit());
        valid.then(|| self.dir.join(token))
    }

    fn described(&self, token: &str) -> Option<PathBuf> {
        self.file(token).map(|p| p.with_extension("json"))
    }

    /// Where the rejected rows of the upload's last run are written.
    pub fn rejected_file(&self, token: &str) -> Option<PathBuf> {
        self.file(token).map(|p| p.with_extension("rejected"))
    }

    /// Keeps an uploaded file and what its user chose; gives its token.
    pub fn keep(&self, upload: &Upload, bytes: &[u8]) -> Result<String, AppError> {
        self.forget_old();
        let token = secrets::random_text(16);
        let path = self.dir.join(&token);
        std::fs::create_dir_all(&self.dir)
            .and_then(|()| std::fs::write(&path, bytes))
            .map_err(|e| AppError::Unexpected(format!("the upload could not be kept: {e}")))?;
        self.describe(&token, upload)?;
        Ok(token)
    }

    /// The upload of this token, when `caller` uploaded it.
    pub fn get(&self, token: &str, caller: &Caller) -> Result<Upload, AppError> {
        let not_found = || AppError::NotFound("upload".into());
        let path = self.described(token).ok_or_else(not_found)?;
        let text = std::fs::read_to_string(path).map_err(|_| not_found())?;
        let upload: Upload = serde_json::from_str(&text).map_err(|_| not_found())?;
        if upload.owner == caller.user.id {
            Ok(upload)
        } else {
            Err(not_found())
        }
    }

    /// Saves what the user chose for an upload.
    pub fn describe(&self, token: &str, upload: &Upload) -> Result<(), AppError> {
        let path = self
            .described(token)
            .ok_or_else(|| AppError::NotFound("upload".into()))?;
        let json = serde_json::to_vec(upload).map_err(|e| AppError::Unexpected(e.to_string()))?;
        std::fs::write(path, json)
            .map_err(|e| AppError::Unexpected(format!("the upload could not be described: {e}")))
    }

    /// The upload's current or last run on this server.
    pub fn run(&self, token: &str) -> Option<Run> {
        self.runs.lock().ok()?.get(token).cloned()
    }

    /// Records a run's end that needs no reading, e.g. a mapping refused before any.
    pub fn refuse(&self, token: &str, message: String) {
        self.set(
            token,
            Run::Finished {
                applying: false,
                result: Err(message),
                rejected: 0,
            },
        );
    }

    fn set(&self, token: &str, run: Run) {
        if let Ok(mut runs) = self.runs.lock() {
            runs.insert(token.to_owned(), run);
        }
    }

    /// Starts checking (`applying` false) or importing the upload in the background; `false`
    /// when a run of it is already under way.
    pub fn start(
        &self,
        store: &Store,
        caller: &Caller,
        token: &str,
        upload: &Upload,
        applying: bool,
        lang: Lang,
    ) -> Result<bool, AppError> {
        let file = self
            .file(token)
            .filter(|p| p.exists())
            .ok_or_else(|| AppError::NotFound("upload".into()))?;
        {
            let mut runs = self
                .runs
                .lock()
                .map_err(|_| AppError::Unexpected("the upload runs are unavailable".into()))?;
            if matches!(runs.get(token), Some(Run::Running { .. })) {
                return Ok(false);
            }
            runs.insert(
                token.to_owned(),
                Run::Running {
                    applying,
                    progress: Progress::default(),
                },
            );
        }
        let rejected_file = self.rejected_file(token);
        if let Some(old) = &rejected_file {
            let _ = std::fs::remove_file(old);
        }
        let settings = ImportSettings {
            dry_run: !applying,
            skip_invalid: upload.skip_invalid,
            lang,
            rejected_file,
            file_name: Some(upload.file_name.clone()),
        };
        let (uploads, store, caller) = (self.clone(), store.clone(), caller.clone());
        let (token, mut upload) = (token.to_owned(), upload.clone());
        tokio::spawn(async move {
            let heard = |progress| uploads.set(&token, Run::Running { applying, progress });
            let result = imports::import_file(
                &store,
                &caller,
                upload.kind,
                &file,
                upload.mapping.clone(),
                &settings,
                heard,
            )
            .await;
            let (result, rejected) = match result {
                Ok(mut report) => {
                    if applying && report.outcome.applied {
                        upload.applied = true;
                        if let Err(e) = uploads.describe(&token, &upload) {
                            tracing::warn!("an imported upload was not marked: {e}");
                        }
                    }
                    let rejected = report.rejections.len();
                    report.rejections.truncate(KEPT_REJECTIONS);
                    report.outcome.rejected.clear();
                    (Ok(Box::new(report)), rejected)
                }
                Err(AppError::BadRequest(message)) => (Err(message), 0),
                Err(e) => {
                    tracing::error!("an import from the page failed: {e}");
                    (Err(e.to_string()), 0)
                }
            };
            uploads.set(
                &token,
                Run::Finished {
                    applying,
                    result,
                    rejected,
                },
            );
        });
        Ok(true)
    }

    /// Removes the uploads (and what belongs to them) that came more than a day ago.
    fn forget_old(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for e in entries.flatten() {
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > KEPT_SECONDS);
            if old {
                let path = e.path();
                if let (Some(token), Ok(mut runs)) =
                    (path.file_stem().and_then(|s| s.to_str()), self.runs.lock())
                {
                    runs.remove(token);
                }
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// A first look at an upload: its format, its columns with a few of their values, and the
/// mapping it would be read with.
pub struct Preview {
    pub format: String,
    pub header: Vec<String>,
    /// The first rows' cells, column by column: `samples[c]` holds column `c`'s values.
    pub samples: Vec<Vec<String>>,
    pub mapping: Mapping,
}

/// Rows a preview shows.
const PREVIEW_ROWS: usize = 3;

/// Opens an upload and reads its header and first rows.
pub fn preview(
    path: &Path,
    kind: Kind,
    given: Option<&Mapping>,
    lang: Lang,
) -> Result<Preview, AppError> {
    let unreadable = |e: arvo_sheets::ReadError| AppError::BadRequest(e.to_string());
    let mut sheet =
        arvo_sheets::open(path, &arvo_sheets::ReadOptions::default()).map_err(unreadable)?;
    let header = sheet.header().cells.clone();
    let mapping = given
        .cloned()
        .unwrap_or_else(|| arvo_sheets::suggest(kind, sheet.header()));
    let mut samples = vec![Vec::new(); header.len()];
    for row in sheet.by_ref().take(PREVIEW_ROWS) {
        let row = row.map_err(unreadable)?;
        for (c, values) in samples.iter_mut().enumerate() {
            values.push(row.get(c).to_owned());
        }
    }
    Ok(Preview {
        format: imports::describe(sheet.format(), lang),
        header,
        samples,
        mapping,
    })
}

/// The name and media type a download of an upload's rejected rows (at `path`) gets: the
/// file's own name with a suffix, in its own format.
pub fn rejected_download(upload: &Upload, lang: Lang, path: &Path) -> (String, &'static str) {
    let stem = Path::new(&upload.file_name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("import");
    let suffix = match lang {
        Lang::Fi => "hylatyt",
        Lang::En => "rejected",
    };
    (format!("{stem}-{suffix}.{}", extension(path)), mime(path))
}

/// Whether a file is a workbook (a zip archive) or text.
fn is_workbook(path: &Path) -> bool {
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok_and(|()| head == *b"PK\x03\x04")
}

fn extension(path: &Path) -> &'static str {
    if is_workbook(path) { "xlsx" } else { "csv" }
}

fn mime(path: &Path) -> &'static str {
    if is_workbook(path) {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    } else {
        "text/csv"
    }
}
