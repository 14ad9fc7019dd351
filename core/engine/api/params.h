#pragma once
// Parameter schema of a model family: the UI builds sliders from it, the CLI validates flags with it.
// The UI never switches on a family id; everything it shows comes from here.

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
    double step = 1;         // slider step; for width/height the required multiple
    std::vector<std::string> choices; // for Choice: values; defaultValue indexes into it
    std::string description; // tooltip, English
};

} // namespace i2v
