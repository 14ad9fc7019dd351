#include "ui/startup_probe.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFile>
#include <QTimer>
#include <QWidget>
#include <QWindow>

#include <ctime>
#include <unistd.h>

namespace i2v {
namespace ui {

double msSinceProcessStart()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis start at field 3.
    const int close = line.lastIndexOf(')');
    if (close < 0)
        return -1;
    const QList<QByteArray> fields = line.mid(close + 2).split(' ');
    constexpr int kStartTime = 22 - 3; // field 22: start time in clock ticks since boot
    if (fields.size() <= kStartTime)
        return -1;
    bool ok = false;
    const double startTicks = fields[kStartTime].toDouble(&ok);
    const long ticksPerSecond = ::sysconf(_SC_CLK_TCK);
    timespec now{};
    if (!ok || ticksPerSecond <= 0 || ::clock_gettime(CLOCK_BOOTTIME, &now) != 0)
        return -1;
    const double nowMs = now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
    return nowMs - startTicks * 1000.0 / ticksPerSecond;
}

StartupTimer::StartupTimer() : m_atMain(msSinceProcessStart()) {}

void StartupTimer::mark(const QString& phase) { m_marks.push_back({phase, msSinceProcessStart()}); }

QString StartupTimer::report() const
{
    QString out = QStringLiteral("  %1 ms  main() entered\n").arg(m_atMain, 6, 'f', 0);
    for (const auto& [phase, ms] : m_marks)
        out += QStringLiteral("  %1 ms  %2\n").arg(ms, 6, 'f', 0).arg(phase);
    return out;
}

FirstPaintProbe::FirstPaintProbe(QWidget* window) : QObject(window), m_window(window)
{
    QCoreApplication::instance()->installEventFilter(this);
}

bool FirstPaintProbe::eventFilter(QObject* watched, QEvent* event)
{
    if (!m_painted && event->type() == QEvent::Paint && watched->isWidgetType() &&
        static_cast<QWidget*>(watched)->window() == m_window && m_window->windowHandle() &&
        m_window->windowHandle()->isExposed()) {
        m_painted = true;
        QCoreApplication::instance()->removeEventFilter(this);
        // The paint being delivered now is flushed to the window before the event loop runs this.
        QTimer::singleShot(0, this, &FirstPaintProbe::firstPaint);
    }
    return false;
}

} // namespace ui
} // namespace i2v
