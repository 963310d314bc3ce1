//! The MNIST data set (MNIST 데이터셋) as readers meet it: the four IDX files
//! (gzip-compressed or raw), or the same data as CSV; the book's `load_mnist`
//! choices; where to look for the files; and fetching them with their checksums.
//!
//! Every check names the file (and row) and says what was expected, because a
//! half-downloaded or mislabeled file is the most common way this chapter fails.

use std::io::Read;
use std::path::{Path, PathBuf};

use ndarray::{Array1, Array2, ArrayD, IxDyn};

use crate::error::{Error, Result};

/// Rows and columns of every image.
pub const ROWS: usize = 28;
pub const COLS: usize = 28;
/// Pixels per image, flattened.
pub const PIXELS: usize = ROWS * COLS;
/// Classes (digits 0-9, or Fashion-MNIST's ten kinds of clothing).
pub const CLASSES: usize = 10;

/// IDX magic numbers: 0x0000_08_03 is "unsigned bytes, 3 dimensions".
pub const IMAGE_MAGIC: u32 = 2051;
pub const LABEL_MAGIC: u32 = 2049;

/// The four files, as the original distribution names them, with their SHA-256
/// sums (the same four sums for the gzip files on every public mirror).
pub const FILES: [(&str, &str); 4] = [
    (
        "train-images-idx3-ubyte.gz",
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    ),
    (
        "train-labels-idx1-ubyte.gz",
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    ),
    (
        "t10k-images-idx3-ubyte.gz",
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    ),
    (
        "t10k-labels-idx1-ubyte.gz",
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    ),
];

/// The CSV form: one row per image, the label and then 784 pixels.
pub const CSV_FILES: [&str; 2] = ["mnist_train.csv", "mnist_test.csv"];

/// Where Debian's `dataset-fashion-mnist` package puts Fashion-MNIST.
pub const FASHION_SYSTEM_DIR: &str = "/usr/share/datasets/fashion-mnist";

/// Images as stored: `count` images of rows x cols unsigned bytes, row-major,
/// 0 = background, 255 = ink.
#[derive(Clone, Debug, PartialEq)]
pub struct Images {
    pub count: usize,
    pub rows: usize,
    pub cols: usize,
    pub pixels: Vec<u8>,
}

impl Images {
    /// Image i's pixels.
    pub fn image(&self, i: usize) -> &[u8] {
        let n = self.rows * self.cols;
        &self.pixels[i * n..(i + 1) * n]
    }
}

/// One half of the data set (training or test): images and their labels.
#[derive(Clone, Debug, PartialEq)]
pub struct Split {
    pub images: Images,
    pub labels: Vec<u8>,
}

impl Split {
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The images normalised to [0, 1], one row each: the book's `x_train`
    /// after `load_mnist(normalize=True)`.
    pub fn x(&self) -> Array2<f64> {
        let rows: Vec<usize> = (0..self.images.count).collect();
        self.x_rows(&rows)
    }

    /// The labels one-hot, one row each: the book's `t_train` after
    /// `load_mnist(one_hot_label=True)`.
    pub fn t(&self) -> Array2<f64> {
        one_hot(&self.labels)
    }

    /// Rows `rows` of [`Split::x`] (the book's `x_train[batch_mask]`), without
    /// making the whole array first.
    pub fn x_rows(&self, rows: &[usize]) -> Array2<f64> {
        let n = self.images.rows * self.images.cols;
        Array2::from_shape_fn((rows.len(), n), |(r, k)| {
            self.images.image(rows[r])[k] as f64 / 255.0
        })
    }

    // ANCHOR: head
    /// The first `n` images and their labels (all of them when there are fewer):
    /// the book's `x_train[:n]` and `t_train[:n]`.
    pub fn head(&self, n: usize) -> Split {
        let n = n.min(self.len());
        let size = self.images.rows * self.images.cols;
        Split {
            images: Images {
                count: n,
                rows: self.images.rows,
                cols: self.images.cols,
                pixels: self.images.pixels[..n * size].to_vec(),
            },
            labels: self.labels[..n].to_vec(),
        }
    }
    // ANCHOR_END: head

    /// Labels as `usize` class indices.
    pub fn classes(&self) -> Vec<usize> {
        self.labels.iter().map(|&l| l as usize).collect()
    }
}

/// The whole data set as read from disk, before any of `load_mnist`'s choices.
#[derive(Clone, Debug, PartialEq)]
pub struct Mnist {
    pub train: Split,
    pub test: Split,
}

// ---------------------------------------------------------------- IDX files

/// The most images one IDX file may promise (MNIST has 60,000; EMNIST's
/// largest split 814,255): a header asking for more is refused before any of
/// it is decompressed.
pub const MAX_IMAGES: usize = 1_000_000;

/// A file's bytes; gzip-compressed files (they start with 1f 8b) are
/// decompressed, so `.gz` and raw files read alike. A gzip file is read only as
/// far as the IDX header at its start allows: a file that decompresses to more
/// (a "gzip bomb", or trailing bytes) is refused as soon as it passes that size.
/// Several gzip members one after the other (as `cat a.gz b.gz` makes) are one file.
pub fn read_maybe_gz(path: &Path) -> Result<Vec<u8>> {
    let raw = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if !raw.starts_with(&[0x1f, 0x8b]) {
        return Ok(raw);
    }
    let bad = |what: String| {
        Error::Invalid(format!(
            "'{}' {what}; expected a gzip-compressed IDX file — download it again",
            path.display()
        ))
    };
    let not_gzip = |e: std::io::Error| bad(format!("is not a complete gzip file ({e})"));
    let mut z = flate2::read::MultiGzDecoder::new(&raw[..]);
    // The header first: magic, then the sizes (8 bytes for labels, 16 for images).
    let mut out = Vec::new();
    (&mut z).take(16).read_to_end(&mut out).map_err(not_gzip)?;
    let word = |k: usize| (out.len() >= 4 * k + 4).then(|| be_u32(&out, 4 * k) as usize);
    let allowed = match (word(0).map(|m| m as u32), word(1), word(2), word(3)) {
        (Some(LABEL_MAGIC), Some(count), _, _) if count <= MAX_IMAGES => 8 + count,
        (Some(IMAGE_MAGIC), Some(count), Some(ROWS), Some(COLS)) if count <= MAX_IMAGES => {
            16 + count * PIXELS
        }
        (Some(LABEL_MAGIC | IMAGE_MAGIC), Some(count), _, _) if count > MAX_IMAGES => {
            return Err(bad(format!(
                "has an IDX header promising {count} images or labels, more than the \
                 {MAX_IMAGES} this reader accepts"
            )));
        }
        // Not an IDX header the reader accepts: the parser names what is wrong.
        _ => return Ok(out),
    };
    (&mut z)
        .take((allowed - out.len()) as u64)
        .read_to_end(&mut out)
        .map_err(not_gzip)?;
    // The header's size reached (or the data ended early, which the parser
    // reports): nothing may follow.
    let mut one = [0u8; 1];
    match z.read(&mut one) {
        Ok(0) => Ok(out),
        Ok(_) => Err(bad(format!(
            "decompresses to more than the {allowed} bytes its IDX header allows"
        ))),
        Err(e) if out.len() == allowed => Err(bad(format!(
            "has bytes after its gzip data that are not gzip (trailing garbage? {e})"
        ))),
        Err(e) => Err(not_gzip(e)),
    }
}

fn be_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap())
}

fn what_magic(magic: u32) -> &'static str {
    match magic {
        IMAGE_MAGIC => " (an IDX image file)",
        LABEL_MAGIC => " (an IDX label file)",
        _ => "",
    }
}

// ANCHOR: parse_idx_images
/// An IDX image file: magic 2051, count, rows, cols (big-endian u32 each), then
/// count x rows x cols bytes. `name` is used in error messages.
pub fn parse_idx_images(bytes: &[u8], name: &str) -> Result<Images> {
    let bad = |msg: String| Error::Invalid(format!("'{name}': {msg}"));
    if bytes.len() < 16 {
        return Err(bad(format!(
            "too short for an IDX image file: {} bytes, expected a 16-byte header and pixels",
            bytes.len()
        )));
    }
    let magic = be_u32(bytes, 0);
    if magic != IMAGE_MAGIC {
        return Err(bad(format!(
            "wrong magic number {magic}{}, expected {IMAGE_MAGIC} (an IDX image file)",
            what_magic(magic)
        )));
    }
    let (count, rows, cols) = (
        be_u32(bytes, 4) as usize,
        be_u32(bytes, 8) as usize,
        be_u32(bytes, 12) as usize,
    );
    if (rows, cols) != (ROWS, COLS) {
        return Err(bad(format!(
            "images are {rows}x{cols}, expected {ROWS}x{COLS}"
        )));
    }
    let expected = count * rows * cols;
    let found = bytes.len() - 16;
    if found != expected {
        return Err(bad(format!(
            "header says {count} images of {rows}x{cols} = {expected} pixel bytes, \
             but the file has {found}{}",
            if found < expected {
                " (truncated?)"
            } else {
                " (trailing bytes?)"
            }
        )));
    }
    Ok(Images {
        count,
        rows,
        cols,
        pixels: bytes[16..].to_vec(),
    })
}
// ANCHOR_END: parse_idx_images

/// An IDX label file: magic 2049, count, then count bytes, each 0..=9.
pub fn parse_idx_labels(bytes: &[u8], name: &str) -> Result<Vec<u8>> {
    let bad = |msg: String| Error::Invalid(format!("'{name}': {msg}"));
    if bytes.len() < 8 {
        return Err(bad(format!(
            "too short for an IDX label file: {} bytes, expected an 8-byte header and labels",
            bytes.len()
        )));
    }
    let magic = be_u32(bytes, 0);
    if magic != LABEL_MAGIC {
        return Err(bad(format!(
            "wrong magic number {magic}{}, expected {LABEL_MAGIC} (an IDX label file)",
            what_magic(magic)
        )));
    }
    let count = be_u32(bytes, 4) as usize;
    let found = bytes.len() - 8;
    if found != count {
        return Err(bad(format!(
            "header says {count} labels, but the file has {found}{}",
            if found < count {
                " (truncated?)"
            } else {
                " (trailing bytes?)"
            }
        )));
    }
    let labels = bytes[8..].to_vec();
    if let Some((i, &l)) = labels
        .iter()
        .enumerate()
        .find(|(_, l)| **l as usize >= CLASSES)
    {
        return Err(bad(format!("label {l} at index {i}, expected 0..=9")));
    }
    Ok(labels)
}

/// Reads an IDX image file (`.gz` or raw).
pub fn read_idx_images(path: &Path) -> Result<Images> {
    parse_idx_images(&read_maybe_gz(path)?, &path.display().to_string())
}

/// Reads an IDX label file (`.gz` or raw).
pub fn read_idx_labels(path: &Path) -> Result<Vec<u8>> {
    parse_idx_labels(&read_maybe_gz(path)?, &path.display().to_string())
}

/// Images and labels must pair up one to one.
fn pair(images: Images, labels: Vec<u8>, images_name: &str, labels_name: &str) -> Result<Split> {
    if images.count != labels.len() {
        return Err(Error::Invalid(format!(
            "'{images_name}' has {} images but '{labels_name}' has {} labels; expected one label per image",
            images.count,
            labels.len()
        )));
    }
    Ok(Split { images, labels })
}

/// `name.gz` if it exists, else `name` without `.gz` (a decompressed copy).
fn idx_path(dir: &Path, gz_name: &str) -> PathBuf {
    let gz = dir.join(gz_name);
    let raw = dir.join(gz_name.trim_end_matches(".gz"));
    if !gz.exists() && raw.exists() {
        raw
    } else {
        gz
    }
}

/// The four IDX files in `dir`.
pub fn read_idx_dir(dir: &Path) -> Result<Mnist> {
    let split = |images: &str, labels: &str| -> Result<Split> {
        let (ip, lp) = (idx_path(dir, images), idx_path(dir, labels));
        pair(
            read_idx_images(&ip)?,
            read_idx_labels(&lp)?,
            &ip.display().to_string(),
            &lp.display().to_string(),
        )
    };
    Ok(Mnist {
        train: split(FILES[0].0, FILES[1].0)?,
        test: split(FILES[2].0, FILES[3].0)?,
    })
}

// ---------------------------------------------------------------- CSV files

// ANCHOR: read_csv
/// MNIST as CSV: per row the label (0-9) and then 784 pixels (0-255), separated
/// by commas. The first row may be a header if it looks like one (its first
/// field is `label`); a byte-order mark at the start is skipped.
pub fn parse_csv(text: &str, name: &str) -> Result<Split> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut pixels = Vec::new();
    let mut labels = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let row = i + 1; // as an editor numbers lines
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if i == 0 && fields[0].trim_matches('"').eq_ignore_ascii_case("label") {
            continue; // a header such as "label,1x1,1x2,..." or "label,pixel0,..."
        }
        if fields.len() != 1 + PIXELS {
            return Err(Error::Invalid(format!(
                "'{name}' row {row}: {} fields, expected {} (a label and {PIXELS} pixels)",
                fields.len(),
                1 + PIXELS
            )));
        }
        let label: u8 = match fields[0].parse::<u8>() {
            Ok(l) if (l as usize) < CLASSES => l,
            _ => {
                return Err(Error::Invalid(format!(
                    "'{name}' row {row}: label '{}', expected a digit 0..=9{}",
                    cut(fields[0]),
                    if row == 1 {
                        " (or a header row starting with 'label')"
                    } else {
                        ""
                    }
                )));
            }
        };
        labels.push(label);
        for (c, f) in fields[1..].iter().enumerate() {
            match f.parse::<u8>() {
                Ok(p) => pixels.push(p),
                Err(_) => {
                    return Err(Error::Invalid(format!(
                        "'{name}' row {row}, pixel {}: '{}', expected an integer 0..=255",
                        c + 1,
                        cut(f)
                    )));
                }
            }
        }
    }
    Ok(Split {
        images: Images {
            count: labels.len(),
            rows: ROWS,
            cols: COLS,
            pixels,
        },
        labels,
    })
}
// ANCHOR_END: read_csv

/// A value as an error message shows it: at most 40 characters, then "…".
fn cut(value: &str) -> String {
    match value.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &value[..at]),
        None => value.to_string(),
    }
}

/// Reads a CSV file (see `parse_csv`).
pub fn read_csv(path: &Path) -> Result<Split> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_csv(&text, &path.display().to_string())
}

// ---------------------------------------------------------------- where the data is

/// Which data set: the digits, or Fashion-MNIST (same format, clothing).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dataset {
    #[default]
    Mnist,
    Fashion,
}

impl std::str::FromStr for Dataset {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "mnist" => Ok(Dataset::Mnist),
            "fashion" | "fashion-mnist" => Ok(Dataset::Fashion),
            _ => Err(Error::Invalid(format!(
                "unknown dataset '{s}', expected 'mnist' or 'fashion'"
            ))),
        }
    }
}

impl std::fmt::Display for Dataset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Dataset::Mnist => "MNIST",
            Dataset::Fashion => "Fashion-MNIST",
        })
    }
}

/// Where a data set's files are: the folder and which data set it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataSource {
    pub dir: PathBuf,
    pub dataset: Dataset,
}

/// The repository's own `data/` folder.
pub fn repo_data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

impl Default for DataSource {
    /// MNIST, found the usual way (`$DLFS_DATA`, else `data/mnist`).
    fn default() -> Self {
        DataSource::locate(None, Dataset::Mnist)
    }
}

impl DataSource {
    // ANCHOR: locate
    /// `--data-dir DIR` if given, else (for MNIST) `$DLFS_DATA`, else the
    /// repository's `data/mnist`; for Fashion-MNIST, Debian's folder when it
    /// exists, else `data/fashion-mnist`. `$DLFS_DATA` names the MNIST folder
    /// only: Fashion-MNIST is never looked for there.
    pub fn locate(data_dir: Option<PathBuf>, dataset: Dataset) -> Self {
        let env = std::env::var_os("DLFS_DATA")
            .filter(|v| !v.is_empty() && dataset == Dataset::Mnist)
            .map(PathBuf::from);
        let dir = data_dir.or(env).unwrap_or_else(|| match dataset {
            Dataset::Mnist => repo_data_dir().join("mnist"),
            Dataset::Fashion if Path::new(FASHION_SYSTEM_DIR).is_dir() => {
                PathBuf::from(FASHION_SYSTEM_DIR)
            }
            Dataset::Fashion => repo_data_dir().join("fashion-mnist"),
        });
        DataSource { dir, dataset }
    }
    // ANCHOR_END: locate

    /// Whether the folder holds the four IDX files (`.gz` or raw) or the two CSV files.
    pub fn is_available(&self) -> bool {
        let idx = FILES
            .iter()
            .all(|(name, _)| idx_path(&self.dir, name).exists());
        let csv = CSV_FILES.iter().all(|name| self.dir.join(name).exists());
        idx || csv
    }

    /// One line that says the data is missing and how to get it (into this
    /// folder: `data fetch` is told the folder unless it is the default one).
    pub fn missing_message(&self) -> String {
        let how = match self.dataset {
            Dataset::Mnist => {
                let fetch = if self.dir == repo_data_dir().join("mnist") {
                    "cargo run -- data fetch".to_string()
                } else {
                    format!("cargo run -- data fetch --data-dir '{}'", self.dir.display())
                };
                format!(
                    "run `{fetch}`, or copy the four MNIST files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) there"
                )
            }
            Dataset::Fashion => {
                "run `apt-get install dataset-fashion-mnist`, or copy the four Fashion-MNIST files there".to_string()
            }
        };
        format!(
            "{} data not found in '{}': {how} (or point --data-dir or DLFS_DATA at them).",
            self.dataset,
            self.dir.display()
        )
    }

    /// Reads the data: the IDX files if they are there, else the CSV files.
    pub fn load(&self) -> Result<Mnist> {
        if !self.is_available() {
            return Err(Error::Invalid(self.missing_message()));
        }
        let idx = FILES
            .iter()
            .all(|(name, _)| idx_path(&self.dir, name).exists());
        let (m, names) = if idx {
            if self.dataset == Dataset::Fashion {
                self.refuse_mnist_as_fashion()?;
            }
            let names = [FILES[0].0, FILES[2].0].map(|n| idx_path(&self.dir, n));
            (read_idx_dir(&self.dir)?, names)
        } else {
            let names = CSV_FILES.map(|n| self.dir.join(n));
            let m = Mnist {
                train: read_csv(&names[0])?,
                test: read_csv(&names[1])?,
            };
            (m, names)
        };
        for (split, name) in [(&m.train, &names[0]), (&m.test, &names[1])] {
            if split.is_empty() {
                return Err(Error::Invalid(format!(
                    "'{}' holds no images; expected at least one",
                    name.display()
                )));
            }
        }
        Ok(m)
    }

    /// Fashion-MNIST's files have MNIST's names: a folder holding MNIST's own
    /// training images (known by their SHA-256) is not Fashion-MNIST.
    fn refuse_mnist_as_fashion(&self) -> Result<()> {
        use sha2::{Digest, Sha256};
        let path = self.dir.join(FILES[0].0);
        let Ok(bytes) = std::fs::read(&path) else {
            return Ok(()); // raw files: not MNIST's .gz; a read error is reported later
        };
        let sum: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if sum == FILES[0].1 {
            return Err(Error::Invalid(format!(
                "'{}' is MNIST's digits, not Fashion-MNIST: point --data-dir at the Fashion-MNIST files",
                path.display()
            )));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- load_mnist

/// The book's `load_mnist` options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// Pixels divided by 255 (values in [0, 1]) instead of 0..255.
    pub normalize: bool,
    /// Each image as one row of 784 values instead of 1x28x28.
    pub flatten: bool,
    /// Labels as one-hot rows of 10 instead of the digit.
    pub one_hot_label: bool,
}

impl Default for LoadOptions {
    /// The book's defaults: `normalize=True, flatten=True, one_hot_label=False`.
    fn default() -> Self {
        LoadOptions {
            normalize: true,
            flatten: true,
            one_hot_label: false,
        }
    }
}

/// Arrays as the book's `load_mnist` returns them: x is (n, 784) or (n, 1, 28, 28);
/// t is (n, 10) one-hot or (n,) with the digit.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrays {
    pub x_train: ArrayD<f64>,
    pub t_train: ArrayD<f64>,
    pub x_test: ArrayD<f64>,
    pub t_test: ArrayD<f64>,
}

// ANCHOR: load_mnist
/// `load_mnist(normalize, flatten, one_hot_label)`: the data set as arrays.
pub fn load_mnist(source: &DataSource, opts: LoadOptions) -> Result<Arrays> {
    let data = source.load()?;
    let (x_train, t_train) = to_arrays(&data.train, opts);
    let (x_test, t_test) = to_arrays(&data.test, opts);
    Ok(Arrays {
        x_train,
        t_train,
        x_test,
        t_test,
    })
}
// ANCHOR_END: load_mnist

/// One split as (x, t) arrays with the chosen options.
pub fn to_arrays(split: &Split, opts: LoadOptions) -> (ArrayD<f64>, ArrayD<f64>) {
    let n = split.images.count;
    let scale = if opts.normalize { 255.0 } else { 1.0 };
    let values: Vec<f64> = split
        .images
        .pixels
        .iter()
        .map(|&p| p as f64 / scale)
        .collect();
    let shape = if opts.flatten {
        IxDyn(&[n, PIXELS])
    } else {
        IxDyn(&[n, 1, ROWS, COLS])
    };
    let x = ArrayD::from_shape_vec(shape, values).expect("n images of 784 pixels");
    let t = if opts.one_hot_label {
        one_hot(&split.labels).into_dyn()
    } else {
        Array1::from_iter(split.labels.iter().map(|&l| l as f64)).into_dyn()
    };
    (x, t)
}

/// Labels as one-hot rows: 3 → [0, 0, 0, 1, 0, 0, 0, 0, 0, 0].
pub fn one_hot(labels: &[u8]) -> Array2<f64> {
    let mut t = Array2::zeros((labels.len(), CLASSES));
    for (i, &l) in labels.iter().enumerate() {
        t[[i, l as usize]] = 1.0;
    }
    t
}

/// The rows `rows` of a split's one-hot labels (a mini-batch's t).
pub fn one_hot_rows(labels: &[u8], rows: &[usize]) -> Array2<f64> {
    let mut t = Array2::zeros((rows.len(), CLASSES));
    for (r, &i) in rows.iter().enumerate() {
        t[[r, labels[i] as usize]] = 1.0;
    }
    t
}

/// A tiny learnable data set for tests: `n` images, class c lights up pixels
/// 10c..10c+10 with random bytes; the same images serve as the test set.
pub fn toy_mnist(n: usize, seed: u64) -> Mnist {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(seed);
    let mut pixels = vec![0u8; n * PIXELS];
    let mut labels = Vec::new();
    for i in 0..n {
        let c = rng.random_range(0..CLASSES);
        labels.push(c as u8);
        for k in 0..10 {
            pixels[i * PIXELS + 10 * c + k] = rng.random_range(128..=255);
        }
    }
    let split = Split {
        images: Images {
            count: n,
            rows: ROWS,
            cols: COLS,
            pixels,
        },
        labels,
    };
    Mnist {
        train: split.clone(),
        test: split,
    }
}

/// A small random batch for tests: inputs in [0, 1) with about a third of
/// them 0 (like pixels), and one-hot labels.
pub fn toy_batch(
    n: usize,
    d: usize,
    classes: usize,
    rng: &mut rand::rngs::ChaCha8Rng,
) -> (Array2<f64>, Array2<f64>) {
    use rand::RngExt;
    let x = Array2::from_shape_simple_fn((n, d), || {
        if rng.random_range(0..3) == 0 {
            0.0
        } else {
            rng.random_range(0.0..1.0)
        }
    });
    let mut t = Array2::zeros((n, classes));
    for i in 0..n {
        t[[i, rng.random_range(0..classes)]] = 1.0;
    }
    (x, t)
}

/// Builds IDX file bytes (for tests and for writing small samples).
pub fn idx_images_bytes(count: u32, rows: u32, cols: u32, pixels: &[u8]) -> Vec<u8> {
    let mut b = Vec::with_capacity(16 + pixels.len());
    for v in [IMAGE_MAGIC, count, rows, cols] {
        b.extend_from_slice(&v.to_be_bytes());
    }
    b.extend_from_slice(pixels);
    b
}

/// Builds IDX label file bytes.
pub fn idx_labels_bytes(labels: &[u8]) -> Vec<u8> {
    let mut b = Vec::with_capacity(8 + labels.len());
    for v in [LABEL_MAGIC, labels.len() as u32] {
        b.extend_from_slice(&v.to_be_bytes());
    }
    b.extend_from_slice(labels);
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    /// `n` images whose pixel k of image i is (i + k) % 256, and labels i % 10.
    fn sample(n: usize) -> (Vec<u8>, Vec<u8>) {
        let pixels = (0..n * PIXELS)
            .map(|j| ((j / PIXELS + j % PIXELS) % 256) as u8)
            .collect();
        let labels = (0..n).map(|i| (i % 10) as u8).collect();
        (pixels, labels)
    }

    fn write_dir(dir: &Path, n_train: usize, n_test: usize, compress: bool) {
        for (img, lab, n) in [(0, 1, n_train), (2, 3, n_test)] {
            let (p, l) = sample(n);
            let ib = idx_images_bytes(n as u32, 28, 28, &p);
            let lb = idx_labels_bytes(&l);
            if compress {
                std::fs::write(dir.join(FILES[img].0), gz(&ib)).unwrap();
                std::fs::write(dir.join(FILES[lab].0), gz(&lb)).unwrap();
            } else {
                std::fs::write(dir.join(FILES[img].0.trim_end_matches(".gz")), ib).unwrap();
                std::fs::write(dir.join(FILES[lab].0.trim_end_matches(".gz")), lb).unwrap();
            }
        }
    }

    fn err(r: Result<impl std::fmt::Debug>) -> String {
        r.expect_err("should fail").to_string()
    }

    #[test]
    fn gz_and_raw_idx_read_alike() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        write_dir(a.path(), 5, 3, true);
        write_dir(b.path(), 5, 3, false);
        let src = |d: &Path| DataSource {
            dir: d.to_path_buf(),
            dataset: Dataset::Mnist,
        };
        let (ma, mb) = (src(a.path()).load().unwrap(), src(b.path()).load().unwrap());
        assert_eq!(ma, mb);
        assert_eq!(ma.train.len(), 5);
        assert_eq!(ma.test.labels, [0, 1, 2]);
        assert_eq!(ma.train.images.image(1)[..3], [1, 2, 3]);
    }

    #[test]
    fn load_mnist_options_shape_the_arrays() {
        let d = tempfile::tempdir().unwrap();
        write_dir(d.path(), 4, 2, true);
        let src = DataSource {
            dir: d.path().to_path_buf(),
            dataset: Dataset::Mnist,
        };
        let a = load_mnist(&src, LoadOptions::default()).unwrap();
        assert_eq!(a.x_train.shape(), [4, 784]);
        assert_eq!(a.t_train.shape(), [4]);
        assert_eq!(a.t_test.as_slice().unwrap(), [0.0, 1.0]);
        assert_eq!(a.x_train[[1, 254]], 255.0 / 255.0);
        assert_eq!(a.x_train[[1, 0]], 1.0 / 255.0);
        let opts = LoadOptions {
            normalize: false,
            flatten: false,
            one_hot_label: true,
        };
        let b = load_mnist(&src, opts).unwrap();
        assert_eq!(b.x_train.shape(), [4, 1, 28, 28]);
        assert_eq!(b.x_train[[1, 0, 0, 2]], 3.0);
        assert_eq!(b.t_train.shape(), [4, 10]);
        assert_eq!(b.t_train[[3, 3]], 1.0);
        assert_eq!(b.t_train.sum(), 4.0);
    }

    #[test]
    fn a_wrong_magic_number_is_named() {
        let (p, _) = sample(1);
        let mut b = idx_images_bytes(1, 28, 28, &p);
        b[3] = 0x01; // 2049: a label file's magic
        let e = err(parse_idx_images(&b, "x.idx"));
        assert!(
            e.contains("'x.idx'") && e.contains("wrong magic number 2049"),
            "{e}"
        );
        assert!(e.contains("expected 2051"), "{e}");
        let e = err(parse_idx_labels(&idx_images_bytes(1, 28, 28, &p), "l.idx"));
        assert!(e.contains("'l.idx'") && e.contains("expected 2049"), "{e}");
    }

    #[test]
    fn truncated_and_oversized_files_are_caught() {
        let (p, l) = sample(3);
        let b = idx_images_bytes(3, 28, 28, &p);
        let e = err(parse_idx_images(&b[..b.len() - 1], "img"));
        assert!(
            e.contains("2352 pixel bytes") && e.contains("2351") && e.contains("truncated"),
            "{e}"
        );
        let mut long = b.clone();
        long.push(0);
        assert!(err(parse_idx_images(&long, "img")).contains("trailing"));
        assert!(err(parse_idx_images(&b[..10], "img")).contains("too short"));
        let lb = idx_labels_bytes(&l);
        let e = err(parse_idx_labels(&lb[..lb.len() - 1], "lab"));
        assert!(e.contains("3 labels") && e.contains("has 2"), "{e}");
        assert!(err(parse_idx_labels(&lb[..5], "lab")).contains("too short"));
    }

    #[test]
    fn wrong_image_size_and_bad_labels_are_caught() {
        let e = err(parse_idx_images(
            &idx_images_bytes(1, 32, 32, &[0; 1024]),
            "cifar",
        ));
        assert!(e.contains("32x32") && e.contains("expected 28x28"), "{e}");
        let e = err(parse_idx_labels(&idx_labels_bytes(&[1, 2, 10]), "lab"));
        assert!(e.contains("label 10 at index 2"), "{e}");
    }

    #[test]
    fn a_corrupt_gzip_file_names_the_file() {
        let d = tempfile::tempdir().unwrap();
        let (p, _) = sample(2);
        let z = gz(&idx_images_bytes(2, 28, 28, &p));
        let path = d.path().join("cut.gz");
        std::fs::write(&path, &z[..z.len() / 2]).unwrap();
        let e = err(read_idx_images(&path));
        assert!(e.contains("cut.gz") && e.contains("gzip"), "{e}");
        let missing = err(read_idx_images(&d.path().join("nope.gz")));
        assert!(missing.contains("nope.gz"), "{missing}");
    }

    #[test]
    fn a_gzip_bomb_stops_at_the_size_its_header_allows() {
        let d = tempfile::tempdir().unwrap();
        // a header for one image, then 100 MB of zeros: about 100 KB compressed
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(&idx_images_bytes(1, 28, 28, &[])).unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..100 {
            e.write_all(&zeros).unwrap();
        }
        let path = d.path().join("bomb.gz");
        std::fs::write(&path, e.finish().unwrap()).unwrap();
        let e = err(read_idx_images(&path));
        assert!(
            e.contains("bomb.gz") && e.contains("more than the 800 bytes its IDX header allows"),
            "{e}"
        );
        // a header promising more images than any MNIST-like set has
        let path = d.path().join("huge.gz");
        std::fs::write(&path, gz(&idx_images_bytes(u32::MAX, 28, 28, &[]))).unwrap();
        let e = err(read_idx_images(&path));
        assert!(
            e.contains("huge.gz") && e.contains("4294967295 images"),
            "{e}"
        );
    }

    #[test]
    fn multi_member_gzip_reads_whole_and_trailing_garbage_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let (p, _) = sample(3);
        let b = idx_images_bytes(3, 28, 28, &p);
        let path = d.path().join("two.gz");
        std::fs::write(&path, [gz(&b[..100]), gz(&b[100..])].concat()).unwrap();
        assert_eq!(read_idx_images(&path).unwrap().pixels, p);
        let path = d.path().join("tail.gz");
        std::fs::write(&path, [gz(&b), b"GARBAGE!".to_vec()].concat()).unwrap();
        let e = err(read_idx_images(&path));
        assert!(
            e.contains("tail.gz") && e.contains("trailing garbage"),
            "{e}"
        );
    }

    #[test]
    fn image_and_label_counts_must_agree() {
        let d = tempfile::tempdir().unwrap();
        write_dir(d.path(), 5, 3, true);
        let (_, l) = sample(4);
        std::fs::write(d.path().join(FILES[1].0), gz(&idx_labels_bytes(&l))).unwrap();
        let e = err(read_idx_dir(d.path()));
        assert!(
            e.contains("5 images") && e.contains("4 labels") && e.contains(FILES[1].0),
            "{e}"
        );
    }

    fn csv_row(label: &str, pixels: &[String]) -> String {
        format!("{label},{}\n", pixels.join(","))
    }

    #[test]
    fn csv_reads_with_or_without_a_header() {
        let px: Vec<String> = (0..PIXELS).map(|k| (k % 256).to_string()).collect();
        let body = csv_row("7", &px) + &csv_row("2", &px);
        let header = format!(
            "label,{}\n",
            (1..=PIXELS)
                .map(|k| format!("p{k}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        for text in [body.clone(), header + &body] {
            let s = parse_csv(&text, "t.csv").unwrap();
            assert_eq!(s.labels, [7, 2]);
            assert_eq!(s.images.count, 2);
            assert_eq!(s.images.image(1)[255], 255);
            assert_eq!(s.images.image(1)[256], 0);
        }
        // a CSV folder loads like the IDX one
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join(CSV_FILES[0]), &body).unwrap();
        std::fs::write(d.path().join(CSV_FILES[1]), csv_row("1", &px)).unwrap();
        let src = DataSource {
            dir: d.path().to_path_buf(),
            dataset: Dataset::Mnist,
        };
        let m = src.load().unwrap();
        assert_eq!((m.train.len(), m.test.labels.clone()), (2, vec![1]));
    }

    #[test]
    fn bad_csv_rows_name_the_row_and_what_was_expected() {
        let px: Vec<String> = (0..PIXELS).map(|_| "0".to_string()).collect();
        let good = csv_row("3", &px);
        let short = csv_row("3", &px[1..]);
        let e = err(parse_csv(&(good.clone() + &short), "d.csv"));
        assert!(
            e.contains("'d.csv' row 2") && e.contains("784 fields") && e.contains("expected 785"),
            "{e}"
        );
        let mut hot = px.clone();
        hot[9] = "256".into();
        let e = err(parse_csv(
            &(good.clone() + &good + &csv_row("3", &hot)),
            "d.csv",
        ));
        assert!(
            e.contains("row 3, pixel 10") && e.contains("'256'") && e.contains("0..=255"),
            "{e}"
        );
        hot[9] = "-1".into();
        assert!(err(parse_csv(&csv_row("3", &hot), "d.csv")).contains("'-1'"));
        let e = err(parse_csv(&csv_row("11", &px), "d.csv"));
        assert!(e.contains("row 1") && e.contains("label '11'"), "{e}");
    }

    #[test]
    fn a_first_row_is_a_header_only_if_it_looks_like_one() {
        let px: Vec<String> = (0..PIXELS).map(|_| "0".to_string()).collect();
        let good = csv_row("3", &px);
        // a byte-order mark is skipped: the first row is data, not a header
        let s = parse_csv(&format!("\u{feff}{good}{good}"), "bom.csv").unwrap();
        assert_eq!(s.labels, [3, 3]);
        let s = parse_csv(&format!("\u{feff}{}{good}", csv_row("label", &px)), "h.csv").unwrap();
        assert_eq!(s.labels, [3]);
        // a non-numeric label in row 1 is an error, not a header
        let e = err(parse_csv(&(csv_row("x3", &px) + &good), "d.csv"));
        assert!(
            e.contains("'d.csv' row 1") && e.contains("label 'x3'"),
            "{e}"
        );
        // a huge field is cut in the message
        let big = "9".repeat(10 << 20);
        let e = err(parse_csv(&(good.clone() + &csv_row(&big, &px)), "d.csv"));
        assert!(
            e.len() < 300 && e.contains("row 2") && e.contains('…'),
            "{}",
            &e[..300]
        );
        let mut hot = px.clone();
        hot[0] = big;
        let e = err(parse_csv(&csv_row("1", &hot), "d.csv"));
        assert!(e.len() < 300 && e.contains("pixel 1"), "{}", &e[..300]);
    }

    #[test]
    fn an_empty_split_is_refused_naming_its_file() {
        let px: Vec<String> = (0..PIXELS).map(|_| "0".to_string()).collect();
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join(CSV_FILES[0]), csv_row("1", &px)).unwrap();
        std::fs::write(d.path().join(CSV_FILES[1]), csv_row("label", &px)).unwrap();
        let src = DataSource {
            dir: d.path().to_path_buf(),
            dataset: Dataset::Mnist,
        };
        let e = err(src.load());
        assert!(
            e.contains("mnist_test.csv") && e.contains("no images"),
            "{e}"
        );
    }

    #[test]
    fn mnist_is_not_taken_for_fashion_mnist() {
        let real = repo_data_dir().join("mnist");
        if !real.join(FILES[0].0).exists() {
            return; // tests/mnist_cli.rs insists on the data in CI
        }
        let src = DataSource {
            dir: real,
            dataset: Dataset::Fashion,
        };
        let e = err(src.load());
        assert!(e.contains("MNIST's digits, not Fashion-MNIST"), "{e}");
    }

    #[test]
    fn the_missing_data_hint_names_the_folder_to_fetch_into() {
        let m = DataSource {
            dir: PathBuf::from("/my/data"),
            dataset: Dataset::Mnist,
        }
        .missing_message();
        assert!(m.contains("data fetch --data-dir '/my/data'"), "{m}");
        let m = DataSource {
            dir: repo_data_dir().join("mnist"),
            dataset: Dataset::Mnist,
        }
        .missing_message();
        assert!(m.contains("`cargo run -- data fetch`"), "{m}");
    }

    #[test]
    fn the_data_folder_is_found_in_order() {
        let d = DataSource::locate(Some(PathBuf::from("/x/y")), Dataset::Mnist);
        assert_eq!(d.dir, PathBuf::from("/x/y"));
        let fashion = DataSource::locate(Some(PathBuf::from("/f")), Dataset::Fashion);
        assert_eq!(fashion.dataset, Dataset::Fashion);
        // (the $DLFS_DATA step is tested through the binary, where the
        // environment is the test's own)
        let missing = DataSource {
            dir: PathBuf::from("/nonexistent/mnist"),
            dataset: Dataset::Mnist,
        };
        assert!(!missing.is_available());
        let m = missing.missing_message();
        assert!(
            m.contains("/nonexistent/mnist") && m.contains("cargo run -- data fetch"),
            "{m}"
        );
        assert_eq!(m.lines().count(), 1);
        assert!(err(missing.load()).contains("data fetch"));
        assert_eq!("fashion".parse::<Dataset>().unwrap(), Dataset::Fashion);
        assert!(err("cifar".parse::<Dataset>()).contains("'cifar'"));
    }

    #[test]
    fn x_and_its_rows_hold_the_normalised_pixels() {
        let (p, l) = sample(3);
        let s = Split {
            images: parse_idx_images(&idx_images_bytes(3, 28, 28, &p), "i").unwrap(),
            labels: l,
        };
        let (x, _) = to_arrays(&s, LoadOptions::default());
        assert_eq!(s.x().into_dyn(), x);
        assert_eq!(s.x_rows(&[2, 0]).row(0), s.x().row(2));
        assert_eq!(s.t(), one_hot(&s.labels));
        assert_eq!(
            one_hot_rows(&s.labels, &[2, 0]),
            ndarray::arr2(&[
                [0., 0., 1., 0., 0., 0., 0., 0., 0., 0.],
                [1., 0., 0., 0., 0., 0., 0., 0., 0., 0.]
            ])
        );
    }
}
