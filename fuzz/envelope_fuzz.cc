// Fuzzes the envelope codec: single frames and the length-delimited stream reader. Decoding
// must never crash; whatever decodes must encode and decode to the same message.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <google/protobuf/stubs/common.h>

#include "runtime/codec.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // Every invalid UTF-8 string field would be logged; the messages only slow the fuzzer down.
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using newspipe::v1::Envelope;
  std::string_view frame(reinterpret_cast<const char*>(data), size);
  Envelope env;
  if (newspipe::DecodeEnvelope(frame, &env, 1 << 20).ok()) {
    std::string again;
    if (newspipe::EncodeEnvelope(env, &again).ok()) {
      Envelope round;
      if (!newspipe::DecodeEnvelope(again, &round).ok()) abort();
    }
  }
  // The same bytes as a delimited stream.
  std::FILE* file = fmemopen(const_cast<uint8_t*>(data), size, "rb");
  if (file == nullptr) return 0;
  newspipe::DelimitedReader reader(file, /*owned=*/true, "fuzz", 1 << 20);
  newspipe::Status error;
  for (int i = 0; i < 10'000; ++i) {
    auto outcome = reader.Next(&env, &error);
    if (outcome == newspipe::DelimitedReader::Outcome::kEnd) break;
  }
  return 0;
}
