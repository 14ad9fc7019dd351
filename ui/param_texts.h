#pragma once
// Translated display texts for parameter schemas. Engines describe parameters in English (ParamSpec.label,
// .description, choice values); this table gives the translated label/tooltip for the names the studio
// knows and falls back to the engine's English text for anything new, so a new engine still shows up.

#include "core/engine/api/params.h"

#include <QCoreApplication>
#include <QString>

namespace i2v {
namespace ui {

class ParamTexts {
    Q_DECLARE_TR_FUNCTIONS(i2v::ui::ParamTexts)
public:
    static QString label(const ParamSpec& spec);
    static QString tooltip(const ParamSpec& spec);
    // Display text for one value of a Choice parameter ("zoom-in" -> "Zoom in").
    static QString choice(const std::string& paramName, const std::string& value);
    // Translated name of a model family, else the engine's own display name.
    static QString familyName(const std::string& familyId, const std::string& fallback);
};

} // namespace ui
} // namespace i2v
