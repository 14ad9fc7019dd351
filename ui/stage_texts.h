#pragma once
// Translated texts for a job's progress, shared by views that show it (the run bar, the queue model):
// the stage name and an elapsed time. Not a widget, so models can use it without depending on panels.

#include "core/base/progress.h"

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
};

} // namespace ui
} // namespace i2v
