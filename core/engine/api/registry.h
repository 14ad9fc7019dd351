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

// Checks a request against the family's schema (ranges, multiples); throws I2vError(InvalidArgument)
// naming the parameter.
void validateRequest(const ModelFamily& family, const GenerationRequest& request);

// Sets torch's intra-op thread count to the machine's cores (once; idempotent).
void initEngineRuntime();

} // namespace i2v
