#pragma once
// Parameter schema of a model family: the UI builds sliders from it, the CLI and request validation check
// values with it. The UI never switches on a family id or a parameter name; everything it shows and every
// constraint it enforces comes from here.

#include <optional>
#include <string>
#include <vector>

namespace i2v {

enum class ParamKind { Int, Float, Choice, Bool };

struct ParamSpec {
    std::string name;        // request key: "width", "height", "frames", "fps", "steps", "guidance", ...
    std::string label;       // short English label (the UI translates through its own table)
    ParamKind kind = ParamKind::Int;
    double minValue = 0;
    double maxValue = 0;
    double defaultValue = 0;
    double step = 1;         // slider step (a hint for the form; not a constraint)
    std::vector<std::string> choices; // for Choice: values; defaultValue indexes into it
    std::string description; // tooltip, English
    // Constraint (Int kinds): the value must be a multiple of this (e.g. 8, the VAE's spatial factor);
    // 1 = any integer. Request validation refuses other values and the form only offers multiples.
    int multipleOf = 1;
    std::string multipleReason; // why, English, for messages: "the VAE works on 8x8 pixel blocks"
    // With multipleOf > 1: the value must be multipleOf * k + multipleOffset (Wan's frames: 4k + 1, the VAE
    // packs 4 frames per latent frame after the first). 0 = plain multiples.
    int multipleOffset = 0;
};

// The constraint helpers below are the one place that interprets ParamSpec's range and multiple: request
// validation (validateRequest, the CLI's option parsing) and the window's form both use them.

// The multiple an Int parameter must be (1 when unconstrained or not an Int kind), and the offset from a
// multiple it must have (0..multiple-1; 0 when unconstrained): allowed values are multiple * k + offset.
int requiredMultiple(const ParamSpec& spec);
int requiredOffset(const ParamSpec& spec);
// The smallest / largest value allowed by the range and the multiple.
double lowestAllowed(const ParamSpec& spec);
double highestAllowed(const ParamSpec& spec);
// The allowed values the form steps through: lowestAllowed + i * formStep (a multiple of the required
// multiple for constrained Ints, else the slider step).
double formStep(const ParamSpec& spec);
// The nearest value the form offers to `value`: clamped to the allowed range and on the form's grid.
double snapToSchema(const ParamSpec& spec, double value);
// The largest allowed value not above `value` (clamped to the range): used when shrinking a request.
double floorToSchema(const ParamSpec& spec, double value);
// Why `value` is not allowed, as an English sentence naming the parameter ("width = 100 must be a multiple
// of 8 (the VAE works on 8x8 pixel blocks)", "frames = 8 must be of the form 4k + 1 (...)"); nullopt when it
// is allowed. Numbers only (Int/Float kinds).
std::optional<std::string> schemaViolation(const ParamSpec& spec, double value);

} // namespace i2v
