#pragma once
// The studio look: Fusion with a dark or light neutral palette, a blue accent for the primary action, and a
// small style sheet (drop zone, banner kinds, primary button) drawn from the same colours. Sizes in the sheet
// are device-independent pixels and font sizes are in points, so both scale with the screen.

#include <QIcon>
#include <QString>

class QApplication;
class QCustomPlot;
class QPalette;

namespace i2v {
namespace ui {

// `theme`: "dark", "light", or "system"/"" = the system's light/dark choice (systemPrefersDark()). May be
// called again to switch; open windows restyle themselves.
void applyStudioStyle(QApplication& app, const QString& theme = QStringLiteral("system"));
// Whether the desktop asks for dark colours: Qt's colour scheme hint where available (Qt 6.5+), else the
// lightness of the palette the platform gave the application before the studio set its own.
bool systemPrefersDark();
// Keeps a plot's off-screen buffer at the window's device pixel ratio (150 %, 200 % screens, moving between
// screens), so lines and text stay sharp; replots when the ratio changes.
void keepPlotSharp(QCustomPlot* plot);
// One of the studio's monochrome SVG icons (resources/icons/<name>.svg), drawn from the SVG at every size and
// pixel ratio in the current palette's button text colour (dimmed when disabled), so it suits both themes.
QIcon themedIcon(const QString& name);
// The studio's chart look for every QCustomPlot (memory gauge, usage chart): background, axes, ticks and
// dotted grid from the widget's palette.
void applyPlotStyle(QCustomPlot* plot, const QPalette& palette);

} // namespace ui
} // namespace i2v
