//! Text encodings of CSV files: telling them apart, and converting to and from UTF-8 as bytes
//! stream past.
//!
//! A file is UTF-8 when it starts with the UTF-8 byte-order mark or is valid UTF-8 from its
//! first byte to its last; UTF-16 when it starts with a UTF-16 byte-order mark (Excel's "Unicode
//! text"); otherwise Windows-1252, which gives every byte a meaning. Windows-1252 and UTF-8 agree
//! on ASCII, so a CSV file in either is split into fields as bytes and only the fields are
//! decoded; UTF-16 is turned into UTF-8 by [`Utf16Reader`] before it is split.

use encoding_rs::{EncoderResult, WINDOWS_1252};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::io::{self, Read, Write};

/// A CSV file's text encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    Utf8,
    Windows1252,
    Utf16Le,
    Utf16Be,
}

impl TextEncoding {
    /// The encoding's usual name: `UTF-8`, `windows-1252`, `UTF-16LE`, `UTF-16BE`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Windows1252 => "windows-1252",
            Self::Utf16Le => "UTF-16LE",
            Self::Utf16Be => "UTF-16BE",
        }
    }

    /// The byte-order mark of the encoding (none for Windows-1252).
    pub fn bom(self) -> &'static [u8] {
        match self {
            Self::Utf8 => b"\xEF\xBB\xBF",
            Self::Windows1252 => b"",
            Self::Utf16Le => b"\xFF\xFE",
            Self::Utf16Be => b"\xFE\xFF",
        }
    }
}

/// The encoding a byte-order mark at the start of `head` names, with the mark's length.
pub fn sniff_bom(head: &[u8]) -> Option<(TextEncoding, usize)> {
    if head.starts_with(b"\xEF\xBB\xBF") {
        Some((TextEncoding::Utf8, 3))
    } else if head.starts_with(b"\xFF\xFE") {
        Some((TextEncoding::Utf16Le, 2))
    } else if head.starts_with(b"\xFE\xFF") {
        Some((TextEncoding::Utf16Be, 2))
    } else {
        None
    }
}

/// Whether everything `reader` gives is valid UTF-8. Reads in large chunks and stops at the
/// first invalid byte.
pub fn is_utf8(mut reader: impl Read) -> io::Result<bool> {
    let mut buf = vec![0u8; 1 << 20];
    let mut carry = 0usize;
    loop {
        let n = reader.read(&mut buf[carry..])?;
        if n == 0 {
            return Ok(carry == 0);
        }
        let filled = carry + n;
        match std::str::from_utf8(&buf[..filled]) {
            Ok(_) => carry = 0,
            // An incomplete character at the end of the chunk: keep it for the next one.
            Err(e) if e.error_len().is_none() => {
                let valid = e.valid_up_to();
                buf.copy_within(valid..filled, 0);
                carry = filled - valid;
            }
            Err(_) => return Ok(false),
        }
    }
}

/// A field's bytes as text. UTF-8 that is not valid is replaced with U+FFFD (a whole UTF-8
/// file was checked before reading, so this is only for a file changed while read).
pub fn decode(bytes: &[u8], encoding: TextEncoding) -> Cow<'_, str> {
    match encoding {
        TextEncoding::Windows1252 => WINDOWS_1252.decode_without_bom_handling(bytes).0,
        _ => String::from_utf8_lossy(bytes),
    }
}

/// Appends a field's bytes as text to `out`.
pub fn decode_into(bytes: &[u8], encoding: TextEncoding, out: &mut String) {
    match std::str::from_utf8(bytes) {
        Ok(s) if encoding != TextEncoding::Windows1252 || s.is_ascii() => out.push_str(s),
        _ => out.push_str(&decode(bytes, encoding)),
    }
}

/// Turns UTF-16 into UTF-8 as it is read.
pub struct Utf16Reader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    input_len: usize,
    output: Vec<u8>,
    output_pos: usize,
    output_len: usize,
    eof: bool,
}

impl<R: Read> Utf16Reader<R> {
    /// `inner` is read from just after the byte-order mark.
    pub fn new(inner: R, encoding: TextEncoding) -> Self {
        let enc = if encoding == TextEncoding::Utf16Be {
            encoding_rs::UTF_16BE
        } else {
            encoding_rs::UTF_16LE
        };
        Self {
            inner,
            decoder: enc.new_decoder_without_bom_handling(),
            input: vec![0; 64 * 1024],
            input_len: 0,
            output: vec![0; 3 * 64 * 1024 + 16],
            output_pos: 0,
            output_len: 0,
            eof: false,
        }
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.output_pos == self.output_len {
            if self.eof && self.input_len == 0 {
                return Ok(0);
            }
            if !self.eof && self.input_len < self.input.len() {
                let n = self.inner.read(&mut self.input[self.input_len..])?;
                if n == 0 {
                    self.eof = true;
                }
                self.input_len += n;
            }
            let (_, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[..self.input_len],
                &mut self.output,
                self.eof,
            );
            self.input.copy_within(read..self.input_len, 0);
            self.input_len -= read;
            self.output_pos = 0;
            self.output_len = written;
            if self.eof && read == 0 && written == 0 {
                self.input_len = 0;
            }
        }
        let n = buf.len().min(self.output_len - self.output_pos);
        buf[..n].copy_from_slice(&self.output[self.output_pos..self.output_pos + n]);
        self.output_pos += n;
        Ok(n)
    }
}

/// Writes UTF-8 given to it in another encoding. Characters Windows-1252 lacks become `?`.
pub struct EncodingWriter<W: Write> {
    inner: W,
    encoding: TextEncoding,
    carry: Vec<u8>,
    buf: Vec<u8>,
}

impl<W: Write> EncodingWriter<W> {
    pub fn new(inner: W, encoding: TextEncoding) -> Self {
        Self {
            inner,
            encoding,
            carry: Vec::new(),
            buf: Vec::new(),
        }
    }

    /// The writer underneath, after the last bytes are written.
    pub fn into_inner(mut self) -> io::Result<W> {
        if !self.carry.is_empty() {
            let rest = std::mem::take(&mut self.carry);
            self.encode(&String::from_utf8_lossy(&rest))?;
        }
        self.inner.flush()?;
        Ok(self.inner)
    }

    fn encode(&mut self, text: &str) -> io::Result<()> {
        self.buf.clear();
        match self.encoding {
            TextEncoding::Utf8 => self.buf.extend_from_slice(text.as_bytes()),
            TextEncoding::Utf16Le => self
                .buf
                .extend(text.encode_utf16().flat_map(u16::to_le_bytes)),
            TextEncoding::Utf16Be => self
                .buf
                .extend(text.encode_utf16().flat_map(u16::to_be_bytes)),
            TextEncoding::Windows1252 => {
                let mut encoder = WINDOWS_1252.new_encoder();
                let mut rest = text;
                let mut out = vec![0u8; text.len() + 8];
                loop {
                    let (result, read, written) =
                        encoder.encode_from_utf8_without_replacement(rest, &mut out, true);
                    self.buf.extend_from_slice(&out[..written]);
                    rest = &rest[read..];
                    match result {
                        EncoderResult::InputEmpty => break,
                        EncoderResult::Unmappable(_) => self.buf.push(b'?'),
                        EncoderResult::OutputFull => out.resize(out.len() * 2, 0),
                    }
                }
            }
        }
        self.inner.write_all(&self.buf)
    }
}

impl<W: Write> Write for EncodingWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.encoding == TextEncoding::Utf8 {
            return self.inner.write(data);
        }
        self.carry.extend_from_slice(data);
        let valid = match std::str::from_utf8(&self.carry) {
            Ok(_) => self.carry.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "text to encode is not UTF-8",
                ));
            }
        };
        let rest = self.carry.split_off(valid);
        let text = std::mem::replace(&mut self.carry, rest);
        self.encode(std::str::from_utf8(&text).unwrap_or_default())?;
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_utf8_from_windows_1252() {
        assert!(is_utf8("Äänekoski;Öljy".as_bytes()).unwrap());
        assert!(!is_utf8(&b"\xC4\xE4nekoski"[..]).unwrap());
        // A character split between two reads is still valid.
        let text = "ä".repeat(1 << 20);
        assert!(is_utf8(text.as_bytes()).unwrap());
        assert!(!is_utf8(&text.as_bytes()[..text.len() - 1]).unwrap());
        assert_eq!(sniff_bom(b"\xEF\xBB\xBFa"), Some((TextEncoding::Utf8, 3)));
        assert_eq!(sniff_bom(b"\xFF\xFEa\0"), Some((TextEncoding::Utf16Le, 2)));
        assert_eq!(sniff_bom(b"abc"), None);
    }

    #[test]
    fn decodes_and_encodes_windows_1252() {
        let bytes = b"\xC4\xE4nekoski \x80 \x96";
        let text = decode(bytes, TextEncoding::Windows1252);
        assert_eq!(text, "Äänekoski € –");
        let mut w = EncodingWriter::new(Vec::new(), TextEncoding::Windows1252);
        // Written a byte at a time, so characters arrive split.
        for b in "Äänekoski € – ☃".as_bytes() {
            w.write_all(&[*b]).unwrap();
        }
        assert_eq!(w.into_inner().unwrap(), b"\xC4\xE4nekoski \x80 \x96 ?");
    }

    #[test]
    fn utf16_streams_as_utf8() {
        let text = "Nimi\tMäärä\r\nÄänekoski\t1,5\r\n".repeat(5000);
        for enc in [TextEncoding::Utf16Le, TextEncoding::Utf16Be] {
            let mut w = EncodingWriter::new(Vec::new(), enc);
            w.write_all(text.as_bytes()).unwrap();
            let bytes = w.into_inner().unwrap();
            let mut back = String::new();
            Utf16Reader::new(&bytes[..], enc)
                .read_to_string(&mut back)
                .unwrap();
            assert_eq!(back, text);
        }
    }
}
