#include "ui/stage_texts.h"

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

} // namespace ui
} // namespace i2v
