#pragma once
// The explicit list of model families (no self-registering statics). Order = display order; the first
// family that needs no weights is the default.

#include "core/engine/api/model_family.h"

#include <vector>

namespace i2v {

const std::vector<const ModelFamily*>& modelFamilies();
const ModelFamily* findModelFamily(const std::string& id); // nullptr when unknown
// The family whose probe() accepts `folder`, or nullptr.
const ModelFamily* familyForFolder(const std::string& folder);

// A model named "ORG/NAME" in the Hugging Face hub cache ($HF_HUB_CACHE, $HF_HOME/hub, ~/.cache/...):
// the snapshot folder refs/main names (or the newest one). Throws I2vError(ModelNotFound) saying where it
// looked and how to download the model. Reads directory entries only.
std::string hubCacheSnapshot(const std::string& repoId);

// Checks a request against the family's schema (ranges, multiples); throws I2vError(InvalidArgument)
// naming the parameter.
void validateRequest(const ModelFamily& family, const GenerationRequest& request);

// Sets torch's intra-op thread count to the machine's cores (once; idempotent).
void initEngineRuntime();

} // namespace i2v
