// Local files as documents: listing the configured `paths` and reading one file into a Document.
//
// ListInputFiles() walks files and directories (recursively) and returns the readable inputs in
// a deterministic order: each configured path in the order given, and within a directory every
// .html/.htm/.txt file (and .gz of those) sorted by path. A named file is taken whatever its
// extension. A path that does not exist is returned too, so that reading it yields a document
// that carries the error instead of vanishing.
//
// ReadFileDocument() builds the document: id = DocumentId("file://" + absolute normalised path),
// source.kind FILE, source.site = the parent directory's name, fetch.raw = the bytes converted
// to UTF-8 (gzip decoded transparently), capped at max_bytes (truncated = true, raw_size = the
// full size, and an error "too_large" noted). Empty, binary and unreadable files keep no raw and
// carry a fatal v1::Error (stage "fetch") naming the problem. Thread-compatible free functions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "proto/newspipe.pb.h"

namespace newspipe {

struct FileReadOptions {
  uint64_t max_bytes = 10 << 20;
};

// True for .html .htm .txt and their .gz, case-insensitively.
bool IsInputFileName(const std::filesystem::path& path);

// Lists `paths` as described above. Errors listing a directory are reported through
// `problems` ("PATH: message") and the walk goes on.
std::vector<std::filesystem::path> ListInputFiles(const std::vector<std::string>& paths,
                                                  std::vector<std::string>* problems);

// The document key of a local file: "file://" + the absolute, lexically normal path.
std::string FileKey(const std::filesystem::path& path);

v1::Document ReadFileDocument(const std::filesystem::path& path, const FileReadOptions& options);

// Fills fetch.format (HTML or TEXT) from a file name or content type and, when neither tells,
// from the bytes.
v1::Fetch::Format GuessFormat(std::string_view name_or_type, std::string_view bytes);

// True when `bytes` look like a binary file (NUL bytes or many control characters in the
// first 8 KB).
bool LooksBinary(std::string_view bytes);

// Adds an error from the fetch stage to `doc`.
void AddFetchError(v1::Document& doc, std::string code, std::string message, bool fatal);

int64_t WallClockMs();

}  // namespace newspipe
