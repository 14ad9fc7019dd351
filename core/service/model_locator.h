#pragma once
// Where a model named on the command line lives, and which family it belongs to.

#include <string>

namespace i2v {

class ModelFamily;

// `spec` is a folder (absolute or relative) or a Hugging Face repo id "ORG/NAME". A folder that exists
// wins; otherwise a repo id is looked up in the local Hugging Face cache (never the network).
// Returns an absolute folder; throws I2vError(ModelNotFound) naming the spec and what was tried.
std::string resolveModelLocation(const std::string& spec);

// The family whose probe() accepts `folder`; throws ModelNotFound when no family recognises it.
const ModelFamily& familyForModelFolder(const std::string& folder);

} // namespace i2v
