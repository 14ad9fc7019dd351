#pragma once
// Translated texts for a job's progress, shared by views that show it (the run bar, the queue model):
// the stage name and an elapsed time. Not a widget, so models can use it without depending on panels.

#include "core/base/progress.h"
#include "core/service/cost.h"

#include <QCoreApplication>
#include <QString>

namespace i2v {
namespace ui {

class StageTexts {
    Q_DECLARE_TR_FUNCTIONS(i2v::ui::StageTexts)
public:
    // "Waiting", "Loading the model", "Generating", ... for each Stage.
    static QString stage(Stage stage);
    // "m:ss" of a duration in milliseconds, rounded to whole seconds.
    static QString duration(double ms);
    // "3.4 s" / "45 s" / "2 min 10 s" of a duration in seconds (for sentences): one decimal under 10 s, then
    // whole seconds.
    static QString spokenDuration(double seconds);
    // "Best of 4: 2 min 10 s, ¥0.40 for the kept clip; a single clip ≈ 33 s, ¥0.10." (without the amounts
    // when `pricing` is Mode::None; amounts in pricing's currency).
    static QString bestOfCost(const BestOfCost& cost, const CostSettings& pricing);
};

} // namespace ui
} // namespace i2v
