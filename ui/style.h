#pragma once
// The studio look: Fusion with a dark-neutral palette, a blue accent for the primary action, and a small
// style sheet (drop zone, banner kinds, primary button). Call once after creating the QApplication.

class QApplication;
class QCustomPlot;
class QPalette;

namespace i2v {
namespace ui {

void applyStudioStyle(QApplication& app);
// The studio's chart look for every QCustomPlot (memory gauge, usage chart): background, axes, ticks and
// dotted grid from the widget's palette.
void applyPlotStyle(QCustomPlot* plot, const QPalette& palette);

} // namespace ui
} // namespace i2v
