#include "ui/param_texts.h"

#include <QHash>

namespace i2v {
namespace ui {
namespace {

struct Text {
    const char* label;
    const char* tooltip;
};

const QHash<QString, Text>& paramTable()
{
    static const QHash<QString, Text> table = {
        {"width", {QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Width"), QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Width of the clip in pixels.")}},
        {"height", {QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Height"), QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Height of the clip in pixels.")}},
        {"frames", {QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Frames"), QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Number of frames in the clip. More frames make a longer clip and take longer.")}},
        {"fps", {QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Frame rate"), QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Frames per second when the clip plays.")}},
        {"steps", {QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Steps"), QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Denoising steps. More steps give more detail and take longer.")}},
        {"guidance", {QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Guidance"), QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "How closely the clip follows the prompt. Higher values follow it more literally.")}},
        {"strength", {QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Motion strength"), QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "How much movement the clip has.")}},
        {"motion", {QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Camera move"), QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "The camera movement. Automatic reads it from the prompt.")}},
        {"easing", {QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Easing"), QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "How the movement speeds up and slows down.")}},
        {"flow_shift", {QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Flow shift"), QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Shifts the sampler's time steps. 0 uses the model's own setting; higher values suit higher resolutions.")}},
        {"decode_chunk", {QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Decode chunk"), QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Frames decoded at once. Lower values use less memory.")}},
        {"seed", {QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Seed"), QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "The same seed and settings give the same clip.")}},
    };
    return table;
}

const QHash<QString, const char*>& choiceTable()
{
    static const QHash<QString, const char*> table = {
        {"", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Automatic (from the prompt)")},
        {"auto", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Automatic (from the prompt)")},
        {"static", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Still")},
        {"none", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Still")},
        {"zoom-in", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Zoom in")},
        {"zoom-out", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Zoom out")},
        {"pan-left", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Pan left")},
        {"pan-right", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Pan right")},
        {"pan-up", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Pan up")},
        {"pan-down", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Pan down")},
        {"tilt-up", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Tilt up")},
        {"tilt-down", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Tilt down")},
        {"tilt", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Tilt")},
        {"orbit", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Orbit")},
        {"orbit-left", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Orbit left")},
        {"orbit-right", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Orbit right")},
        {"rotate", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Rotate")},
        {"rotate-cw", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Rotate clockwise")},
        {"rotate-ccw", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Rotate counter-clockwise")},
        {"dolly-in", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Dolly in")},
        {"dolly-out", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Dolly out")},
        {"dolly", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Dolly")},
        {"handheld", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Handheld drift")},
        {"linear", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Linear")},
        {"ease-in", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Ease in")},
        {"ease-out", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Ease out")},
        {"ease-in-out", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Ease in and out")},
    };
    return table;
}

} // namespace

QString ParamTexts::label(const ParamSpec& spec)
{
    const auto it = paramTable().constFind(QString::fromStdString(spec.name));
    if (it != paramTable().constEnd())
        return tr(it->label);
    return QString::fromStdString(spec.label.empty() ? spec.name : spec.label);
}

QString ParamTexts::tooltip(const ParamSpec& spec)
{
    const auto it = paramTable().constFind(QString::fromStdString(spec.name));
    if (it != paramTable().constEnd())
        return tr(it->tooltip);
    return QString::fromStdString(spec.description);
}

QString ParamTexts::choice(const std::string& paramName, const std::string& value)
{
    Q_UNUSED(paramName);
    const auto it = choiceTable().constFind(QString::fromStdString(value));
    if (it != choiceTable().constEnd())
        return tr(*it);
    return QString::fromStdString(value);
}

QString ParamTexts::familyName(const std::string& familyId, const std::string& fallback)
{
    static const QHash<QString, const char*> names = {
        {"camera-motion", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "Camera motion (built-in)")},
        {"i2vgen-xl", QT_TRANSLATE_NOOP("i2v::ui::ParamTexts", "I2VGen-XL")},
    };
    const auto it = names.constFind(QString::fromStdString(familyId));
    return it != names.constEnd() ? tr(*it) : QString::fromStdString(fallback);
}

} // namespace ui
} // namespace i2v
