#include "ui/stage_texts.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace i2v {
namespace ui {

QString StageTexts::stage(Stage stage)
{
    switch (stage) {
    case Stage::Queued: return tr("Waiting");
    case Stage::Loading: return tr("Loading the model");
    case Stage::EncodingPrompt: return tr("Reading the prompt");
    case Stage::EncodingImage: return tr("Reading the image");
    case Stage::Denoising: return tr("Generating");
    case Stage::Decoding: return tr("Decoding frames");
    case Stage::Writing: return tr("Saving");
    case Stage::Done: return tr("Done");
    }
    return {};
}

QString StageTexts::duration(double ms)
{
    const int seconds = static_cast<int>(std::lround(ms / 1000.0));
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QString StageTexts::spokenDuration(double seconds)
{
    // Under 10 s with one decimal: a short clip's share of a best-of job is still worth reading.
    if (seconds < 9.95)
        return tr("%1 s").arg(QLocale().toString(std::max(0.0, seconds), 'f', 1));
    const long s = std::lround(seconds);
    return s < 60 ? tr("%1 s").arg(s) : tr("%1 min %2 s").arg(s / 60).arg(s % 60);
}

QString StageTexts::bestOfCost(const BestOfCost& c, const CostSettings& pricing)
{
    if (pricing.mode == CostSettings::Mode::None)
        return tr("Best of %1: %2 for the kept clip; a single clip ≈ %3.")
            .arg(c.variations)
            .arg(spokenDuration(c.keptSeconds), spokenDuration(c.singleSeconds));
    return tr("Best of %1: %2, %3 for the kept clip; a single clip ≈ %4, %5.")
        .arg(c.variations)
        .arg(spokenDuration(c.keptSeconds), QString::fromStdString(formatCost(pricing, c.keptCost)),
             spokenDuration(c.singleSeconds), QString::fromStdString(formatCost(pricing, c.singleCost)));
}

} // namespace ui
} // namespace i2v
