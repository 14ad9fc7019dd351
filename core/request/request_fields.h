#pragma once
// THE description of a request: one row per field of GenerationRequest and OutputSettings (name, JSON
// key, command-line flag, type, where its allowed values come from, help text, accessors). The recipe
// JSON (sidecar, container tags, batch lines, the queue file), the options and --help of `i2v generate`,
// the batch defaults and the window's parameter form are all driven by this table; nothing else lists
// the fields. Torch-free, Qt-free.
//
// Adding a member to GenerationRequest or OutputSettings: add its row in request_fields.cpp (the member
// lists there stop compiling until you do, and test_request_fields checks that setting every row
// changes every member).

#include "core/request/generation_request.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace i2v {

// A field's value: monostate only for an unset optional (image_noise_seed).
using FieldValue = std::variant<std::monostate, bool, std::int64_t, double, std::string>;

enum class FieldType {
    Text,          // std::string
    Int,           // int
    Int64,         // std::int64_t (seed)
    OptionalInt64, // std::optional<std::int64_t>; absent = unset
    Number,        // double
    Bool,
    Format,        // OutputFormat, as its name ("mp4", "webm", "gif", "png")
};

// Where a field's allowed values come from.
enum class RangeSource {
    None,   // any value of its type (prompt, paths)
    Schema, // the engine's parameter schema: the ParamSpec with the field's name (range, multiple, choices,
            // default); a flag the engine's schema lacks is refused
    Fixed,  // this table: `choices` for text, [minValue, maxValue] for numbers
};

struct RequestField {
    const char* name;      // identifier; for Schema fields the ParamSpec name ("decode_chunk")
    const char* jsonKey;   // recipe/batch/queue key, dotted inside an object ("output.format"); nullptr = not
                           // stored (a service policy, not part of what makes the clip)
    const char* cliFlag;   // `i2v generate` flag without "--"; nullptr = none. A Bool flag is a switch that
                           // sets the opposite of the default ("no-oom-retry")
    const char* valueName; // for --help: "N", "FILE"...
    FieldType type;
    RangeSource range;
    const char* choices;   // Fixed text: "auto|cpu|cuda|cuda:N" (a trailing ":N" = any whole number >= 0)
    double minValue;       // Fixed numbers
    double maxValue;
    const char* help;      // one line for --help (English)
    FieldValue (*get)(const GenerationRequest&);
    void (*set)(GenerationRequest&, const FieldValue&); // the value must have the field's type (numbers convert)

    bool isNumeric() const { return type == FieldType::Int || type == FieldType::Number; }
    bool isSwitch() const { return type == FieldType::Bool; }
};

// Every field, in --help order. GenerationRequest::image (the pixels) is the only member without a row.
const std::vector<RequestField>& requestFields();
const RequestField* findRequestField(std::string_view name);
const RequestField* findRequestFieldByFlag(std::string_view cliFlag);
// The fixed choices of a field split at '|' ({"auto", "cpu", "cuda", "cuda:N"}); empty when none.
std::vector<std::string> fieldChoices(const RequestField& field);
// "auto, cpu, cuda, cuda:N" for messages.
std::string fieldChoicesText(const RequestField& field);

// Checks a value against a Fixed range (choices or min..max); other fields always pass. Throws
// I2vError(InvalidArgument) "<where>: 'x' is not one of ..." / "<where>: 60 is outside 0..51".
void checkFixedRange(const RequestField& field, const FieldValue& value, const std::string& where);
// Parses typed text (a flag's value) into the field's type, strictly: "12x" is not a whole number.
// Throws I2vError(InvalidArgument) naming `where`. Format fields accept the format names.
FieldValue parseFieldText(const RequestField& field, const std::string& text, const std::string& where);
// The value as text ("512", "7.5", "zoom-in", "true"; "" for unset).
std::string fieldValueText(const FieldValue& value);

// Numeric value of an Int, Int64 (the seed) or Number field; nullopt for unknown or other fields.
std::optional<double> requestNumber(const GenerationRequest& r, std::string_view name);
// Sets an Int or Number field (ints are rounded to nearest). False for unknown or other fields.
bool setRequestNumber(GenerationRequest& r, std::string_view name, double value);
// Text value of a Text field; nullopt for unknown or other fields.
std::optional<std::string> requestText(const GenerationRequest& r, std::string_view name);
// Sets a Text field. False for unknown or other fields.
bool setRequestText(GenerationRequest& r, std::string_view name, const std::string& value);

} // namespace i2v
