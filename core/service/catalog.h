#pragma once
// What this build can do, as text for `i2v engines` / `i2v models` (or JSON with asJson).

#include <string>

namespace i2v {

// Every registered family: id, name, whether it needs weights, description, and its parameter schema
// (name, kind, range, default, step or choices, description).
std::string describeEngines(bool asJson);

// The models found: built-in families (always available) and, for families that need weights, the
// folders their discover() finds (Hugging Face cache). Says what to do when none is found.
std::string describeModels(bool asJson);

} // namespace i2v
