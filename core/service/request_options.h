#pragma once
// Builds a GenerationRequest from command-line style options, so every front end shares one set of
// rules: which engine, defaults from the engine's parameter schema, strict parsing, range checks.

#include "core/request/generation_request.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace i2v {

class ModelFamily;

// Option values as typed, keyed by flag name without the leading "--": {"width": "512", "prompt": ...}.
using OptionValues = std::map<std::string, std::string>;

// The keys requestFromOptions() understands (the generate command's value flags), from the field table
// (core/request/request_fields.h), in its order.
const std::vector<std::string>& requestOptionNames();
// The table's switches ("no-oom-retry"): flags without a value that set a Bool field to the opposite of
// its default.
const std::vector<std::string>& requestSwitchNames();
void applyRequestSwitches(GenerationRequest& request, const std::set<std::string>& switches);

// The family used when neither --engine nor --model is given: the first one that needs no weights.
const ModelFamily* defaultFamily();

// Builds a request. Engine: "engine" if given, else the family that recognises the "model" folder,
// else defaultFamily(). Parameters not given take the family's schema default; a parameter the family
// does not have is refused. Values are parsed strictly and checked against the schema's ranges,
// multiples and choices. Format: "format", else the extension of "out", else mp4. Seed: "seed", else the
// schema's default when the family has a seed parameter, else a random one. The image is not loaded here: imagePath is set (the runner loads it).
// Throws I2vError: InvalidArgument naming the flag (bad value, unknown key), ModelNotFound.
GenerationRequest requestFromOptions(const OptionValues& options);

} // namespace i2v
