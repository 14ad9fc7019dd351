#pragma once
// Start-up measurement for `i2v-studio --startup-benchmark` (or I2V_STARTUP_BENCHMARK=1): milliseconds since
// the process started (the dynamic loader and static initialisers count, as the user waits for them too),
// named marks along the way, and a probe that reports the window's first paint.

#include <QObject>
#include <QString>
#include <QVector>

#include <utility>

class QWidget;

namespace i2v {
namespace ui {

// Milliseconds since this process was started (Linux: /proc/self/stat against CLOCK_BOOTTIME, 10 ms
// resolution); -1 when unknown.
double msSinceProcessStart();

class StartupTimer {
public:
    StartupTimer();
    void mark(const QString& phase); // remembers `phase` with the time since process start
    // One line per mark: "  <ms> ms  <phase>".
    QString report() const;
    double msAtMainEntry() const { return m_atMain; }

private:
    double m_atMain;
    QVector<std::pair<QString, double>> m_marks;
};

// Emits firstPaint() once, after the first paint of `window` (or one of its children) has been delivered
// and control is back in the event loop, i.e. the frame is on its way to the screen.
class FirstPaintProbe : public QObject {
    Q_OBJECT
public:
    explicit FirstPaintProbe(QWidget* window);
    bool painted() const { return m_painted; }

signals:
    void firstPaint();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* m_window;
    bool m_painted = false;
};

} // namespace ui
} // namespace i2v
