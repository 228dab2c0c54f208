#include "stages/fetch/page_document.h"

#include "stages/fetch/charset.h"
#include "stages/fetch/file_source.h"
#include "stages/fetch/url_canon.h"

namespace newspipe {

bool IsTextualContentType(std::string_view content_type) {
  if (content_type.empty()) return true;
  std::string t(content_type.substr(0, content_type.find(';')));
  for (char& c : t) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return t.find("html") != std::string::npos || t.rfind("text/", 0) == 0 ||
         t == "application/xml" || t.find("+xml") != std::string::npos;
}

v1::Document PageDocument(const CrawlResult& result, const v1::Source& source) {
  v1::Document doc;
  std::string canonical = CanonicalUrl(result.url);
  doc.set_id(DocumentId(canonical.empty() ? result.url : canonical));
  *doc.mutable_source() = source;
  const std::string& final_url = result.final_url.empty() ? result.url : result.final_url;
  doc.mutable_source()->set_site(HostOf(final_url));
  v1::Fetch* fetch = doc.mutable_fetch();
  const HttpResponse& r = result.response;
  fetch->set_url(result.url);
  fetch->set_final_url(final_url);
  fetch->set_http_status(r.status);
  fetch->set_redirects(result.redirects);
  fetch->set_fetched_unix_ms(r.finished_unix_ms ? r.finished_unix_ms : WallClockMs());
  for (const auto& [name, value] : r.headers) (*fetch->mutable_headers())[name] = value;
  std::string content_type = r.Header("content-type");
  fetch->set_content_type(content_type);
  fetch->set_raw_size(r.body_size);
  if (!result.error_code.empty()) {
    AddFetchError(doc, result.error_code, result.error, true);
    return doc;
  }
  if (r.status < 200 || r.status >= 300) {
    AddFetchError(doc, "http_" + std::to_string(r.status),
                  "HTTP " + std::to_string(r.status) + " for " + final_url, true);
    return doc;
  }
  if (!IsTextualContentType(content_type)) {
    AddFetchError(doc, "unsupported_content_type",
                  "content type '" + content_type + "' is not HTML or text", true);
    return doc;
  }
  if (r.body.empty()) {
    AddFetchError(doc, "empty", "empty body from " + final_url, true);
    return doc;
  }
  if (LooksBinary(r.body)) {
    AddFetchError(doc, "binary", "binary body from " + final_url, true);
    return doc;
  }
  v1::Fetch::Format format = GuessFormat(content_type, r.body);
  fetch->set_format(format);
  if (r.truncated) {
    fetch->set_truncated(true);
    AddFetchError(
        doc, "too_large",
        "the decoded body exceeded max_bytes (" + std::to_string(r.body.size()) + " bytes kept)",
        false);
  }
  CharsetGuess guess =
      GuessCharset(r.body, CharsetFromContentType(content_type), format == v1::Fetch::HTML);
  fetch->set_charset(guess.charset);
  std::string utf8;
  Status st = ConvertToUtf8(r.body, guess, &utf8);
  if (!st.ok()) {
    AddFetchError(doc, "charset", st.message(), false);
    fetch->set_raw(r.body);
  } else {
    fetch->set_raw(std::move(utf8));
  }
  return doc;
}

}  // namespace newspipe
