// Interpolate: expands ${VAR} and ${VAR:-default} in a string from the process environment.
//
// Used by the pipeline loader on every string scalar of a pipeline file. `$$` stands for a
// literal `$`; a `$` not followed by `{` or `$` is kept as is. An unset (or, as in the shell's
// `:-`, empty) variable takes its default; an unset variable without a default is an error naming
// it. The lookup is a parameter so that tests need not touch the real environment. Stateless;
// safe from any thread as long as the lookup is.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/status.h"

namespace newspipe {

// Returns the value of a variable, or nullopt when it is unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Reads the process environment (getenv).
EnvLookup ProcessEnvironment();

// Expands every ${...} in `text`. Errors: an unset variable without default ("${NAME} is not
// set and has no default"), an unterminated "${", an empty or malformed variable name.
Result<std::string> Interpolate(std::string_view text, const EnvLookup& lookup);

}  // namespace newspipe
