// Turning a finished crawl (crawler.h) into a v1::Document: id from the canonical requested URL,
// source facts, fetch facts (status, headers, redirects, final URL, content type, charset), and
// the body converted to UTF-8. A failed fetch (transport error, HTTP error status, refused,
// unsupported content type) is still a document: no raw, a fatal v1::Error with the reason.
// Thread-compatible free functions.
#pragma once

#include "proto/newspipe.pb.h"
#include "stages/fetch/crawler.h"

namespace newspipe {

// `source` holds kind, name and feed_url; site is filled from the final URL's host.
v1::Document PageDocument(const CrawlResult& result, const v1::Source& source);

// True for content types the later stages can read (HTML, XHTML, plain text), and for none given.
bool IsTextualContentType(std::string_view content_type);

}  // namespace newspipe
