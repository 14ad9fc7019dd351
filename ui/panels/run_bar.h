#pragma once
// Run bar: the primary Generate button (Ctrl+Return), "Variations: N" (best of N), Cancel (Esc), and a
// progress bar with the stage,
// step x/y, elapsed time and an ETA. Pure view: the window feeds it progress events.

#include "core/base/progress.h"

#include <QElapsedTimer>
#include <QKeySequence>
#include <QWidget>

class QProgressBar;
class QPushButton;
class QSpinBox;

namespace i2v {
namespace ui {

class ElidedLabel;

class RunBar : public QWidget {
    Q_OBJECT
public:
    explicit RunBar(QWidget* parent = nullptr);

    QPushButton* generateButton() const { return m_generate; }
    QPushButton* cancelButton() const { return m_cancel; }
    // "Variations: N" beside Generate: best of N (1 = one clip), the request's bestOf.
    QSpinBox* variationsBox() const { return m_variations; }
    int variations() const;
    void setRunning(bool running, int queuedBehind = 0);
    // The window's Generate and Cancel shortcuts, named in the buttons' tooltips.
    void setShortcuts(const QKeySequence& generate, const QKeySequence& cancel);
    void setProgress(const ProgressEvent& event);
    void setStatus(const QString& text);
    QString statusText() const;
    int progressValue() const;

signals:
    void generateClicked();
    void cancelClicked();

private:
    QPushButton* m_generate;
    QPushButton* m_cancel;
    QSpinBox* m_variations;
    QProgressBar* m_progress;
    ElidedLabel* m_status; // one line, elided: a long message never widens the window
    QKeySequence m_generateKey;
    bool m_running = false;
    int m_queuedBehind = 0;
};

} // namespace ui
} // namespace i2v
