#pragma once
// The studio look: Fusion with a dark-neutral palette, a blue accent for the primary action, and a small
// style sheet (drop zone, banner kinds, primary button). Call once after creating the QApplication.

class QApplication;

namespace i2v {
namespace ui {

void applyStudioStyle(QApplication& app);

} // namespace ui
} // namespace i2v
