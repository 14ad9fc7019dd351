#include "ui/panels/vram_gauge.h"

#include "ui/style.h"

#include <QLabel>
#include <QLocale>
#include <QTimer>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace i2v {
namespace ui {
namespace {
constexpr int kIntervalMs = 500;     // 2 Hz
constexpr double kWindowSeconds = 120;
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
} // namespace

VramGauge::VramGauge(QWidget* parent)
    : QWidget(parent), m_monitor(std::make_unique<GpuMonitor>()), m_plot(new QCustomPlot(this)), m_summary(new QLabel(this)),
      m_timer(new QTimer(this))
{
    m_summary->setObjectName(QStringLiteral("vramSummary"));
    m_summary->setWordWrap(true);
    m_plot->setObjectName(QStringLiteral("vramPlot"));
    m_plot->setMinimumHeight(120);
    applyPlotStyle(m_plot, palette());
    keepPlotSharp(m_plot);
    m_plot->xAxis->setLabel(tr("seconds"));
    m_plot->yAxis->setLabel(tr("GiB"));
    m_plot->legend->setVisible(true);
    m_plot->legend->setBrush(QColor(0, 0, 0, 0));
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);

    if (m_monitor->hasGpu()) {
        m_device = m_plot->addGraph();
        m_device->setName(tr("GPU memory used"));
        m_device->setPen(QPen(QColor(0x4c, 0x9a, 0xff), 2));
        m_device->setBrush(QColor(0x4c, 0x9a, 0xff, 50));
    }
    m_process = m_plot->addGraph();
    m_process->setName(m_monitor->hasGpu() ? tr("This app (RAM)") : tr("This app's memory (RAM)"));
    m_process->setPen(QPen(QColor(0xf0, 0xa0, 0x40), 2));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_summary);

    m_clock.start();
    connect(m_timer, &QTimer::timeout, this, &VramGauge::sampleNow);
    m_timer->start(kIntervalMs);
    sampleNow();
}

VramGauge::~VramGauge() = default;

qreal VramGauge::plotPixelRatio() const { return m_plot->bufferDevicePixelRatio(); }
bool VramGauge::hasGpu() const { return m_monitor->hasGpu(); }
QString VramGauge::summaryText() const { return m_summary->text(); }

void VramGauge::sampleNow()
{
    const GpuMemorySample s = m_monitor->sample();
    const double t = m_clock.elapsed() / 1000.0;
    const double rss = s.processRssBytes / kGiB;
    ++m_samples;
    m_process->addData(t, rss);
    m_process->data()->removeBefore(t - kWindowSeconds);
    double top = rss;
    if (m_device && s.hasGpu) {
        const double used = s.deviceUsedBytes / kGiB;
        const double total = s.deviceTotalBytes / kGiB;
        m_device->addData(t, used);
        m_device->data()->removeBefore(t - kWindowSeconds);
        m_peakGiB = std::max(m_peakGiB, used);
        top = total;
        QString text = tr("%1: %2 of %3 GiB in use (peak %4 GiB)")
                           .arg(QString::fromStdString(s.deviceName))
                           .arg(used, 0, 'f', 1)
                           .arg(total, 0, 'f', 1)
                           .arg(m_peakGiB, 0, 'f', 1);
        if (s.utilizationPercent >= 0)
            text += QStringLiteral(" · ") + tr("GPU busy %1%").arg(s.utilizationPercent);
        if (s.allocator.known()) {
            if (!m_allocated) {
                m_reserved = m_plot->addGraph();
                m_reserved->setName(tr("This app: reserved"));
                m_reserved->setPen(QPen(QColor(0x9b, 0x6b, 0xe0), 1.5, Qt::DashLine));
                m_allocated = m_plot->addGraph();
                m_allocated->setName(tr("This app: allocated"));
                m_allocated->setPen(QPen(QColor(0x3c, 0xb3, 0x71), 2));
            }
            m_allocated->addData(t, s.allocator.allocatedBytes / kGiB);
            m_allocated->data()->removeBefore(t - kWindowSeconds);
            m_reserved->addData(t, s.allocator.reservedBytes / kGiB);
            m_reserved->data()->removeBefore(t - kWindowSeconds);
            text += QStringLiteral("\n") + tr("This app: %1 GiB allocated, %2 GiB reserved; job peak %3 GiB")
                                               .arg(s.allocator.allocatedBytes / kGiB, 0, 'f', 2)
                                               .arg(s.allocator.reservedBytes / kGiB, 0, 'f', 2)
                                               .arg(s.allocator.peakAllocatedBytes / kGiB, 0, 'f', 2);
        }
        m_summary->setText(text);
    } else {
        m_peakGiB = std::max(m_peakGiB, rss);
        top = std::max(1.0, m_peakGiB * 1.25);
        m_summary->setText(tr("No NVIDIA GPU found: generating on the CPU. This app uses %1 GiB of RAM (peak %2 GiB).")
                               .arg(rss, 0, 'f', 2)
                               .arg(m_peakGiB, 0, 'f', 2));
        m_summary->setToolTip(QString::fromStdString(m_monitor->unavailableReason()));
    }
    m_plot->xAxis->setRange(std::max(0.0, t - kWindowSeconds), std::max(10.0, t));
    m_plot->yAxis->setRange(0, top * 1.05);
    if (isVisible())
        m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace ui
} // namespace i2v
