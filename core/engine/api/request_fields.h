#pragma once
// The one mapping between parameter-schema names (ParamSpec::name, e.g. "decode_chunk") and the fields of
// GenerationRequest. The command line, the window's parameter form and request validation all go through
// it, so a parameter added to an engine's schema needs exactly one line here. Torch-free.

#include "core/engine/api/generation.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace i2v {

struct RequestField {
    const char* name;                          // schema name
    int GenerationRequest::*asInt;             // exactly one of these three is set
    double GenerationRequest::*asDouble;
    std::string GenerationRequest::*asText;    // choice parameters ("motion", "easing")
    bool isNumeric() const { return asText == nullptr; }
};

// Every field a schema parameter can set, in schema order of the built-in engines.
const std::vector<RequestField>& requestFields();
// nullptr for a schema name the request does not carry (such parameters are ignored, not errors).
const RequestField* findRequestField(std::string_view name);

// Numeric value of a field; nullopt for unknown or text fields.
std::optional<double> requestNumber(const GenerationRequest& r, std::string_view name);
// Sets a numeric field (ints are rounded to nearest). False for unknown or text fields.
bool setRequestNumber(GenerationRequest& r, std::string_view name, double value);
// Text value of a choice field; nullopt for unknown or numeric fields.
std::optional<std::string> requestText(const GenerationRequest& r, std::string_view name);
// Sets a choice field. False for unknown or numeric fields.
bool setRequestText(GenerationRequest& r, std::string_view name, const std::string& value);

} // namespace i2v
