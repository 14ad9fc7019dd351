#pragma once
// VRAM gauge: a live QCustomPlot time series (2 Hz, last two minutes) of device memory used against the
// device total (NVML, through core/gpu), this process's CUDA memory as separate series (the caching
// allocator's allocated and reserved bytes, once the engine has used the GPU) with the current job's peak,
// and this process's RAM. Without an NVIDIA GPU it says so and plots the process's RAM only. Sampling is a
// few cheap calls on the GUI thread (no blocking I/O).

#include "core/gpu/gpu_monitor.h"

#include <QElapsedTimer>
#include <QWidget>

#include <memory>

class QCPGraph;
class QCustomPlot;
class QLabel;
class QTimer;

namespace i2v {
namespace ui {

class VramGauge : public QWidget {
    Q_OBJECT
public:
    explicit VramGauge(QWidget* parent = nullptr);
    ~VramGauge() override;

    bool hasGpu() const;
    QString summaryText() const; // the headline under the plot
    int sampleCount() const { return m_samples; }
    qreal plotPixelRatio() const; // the plot buffer's device pixel ratio (follows the screen)
    void sampleNow();

private:
    std::unique_ptr<GpuMonitor> m_monitor;
    QCustomPlot* m_plot;
    QCPGraph* m_device = nullptr;
    QCPGraph* m_process = nullptr;
    QCPGraph* m_allocated = nullptr; // created on the first allocator reading
    QCPGraph* m_reserved = nullptr;
    QLabel* m_summary;
    QTimer* m_timer;
    QElapsedTimer m_clock;
    int m_samples = 0;
    double m_peakGiB = 0;
};

} // namespace ui
} // namespace i2v
