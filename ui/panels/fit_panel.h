#pragma once
// Fit estimate under the parameters: "fits: 9.8 of 12 GB, about 40 s" for the selected engine, model and
// settings on the detected device (the service's estimateFit(): core/presets' memory model on the model's
// configs read through ModelFamily::memoryShape(); the time from this machine's finished jobs). Red when it will not fit, with
// the nearest setting that would and a one-click "Use W×H×F". Draft / Standard / Best buttons computed
// from the memory model's tiers for this device (no fixed sizes). Under the line, the memory mode the job
// will run in (the service's plan, which the engine carries out: all on the GPU, or low-VRAM mode with the
// encoders and perhaps the transformer's blocks in system memory), and when only low-VRAM mode would make it
// fit, a hint to turn it on. Weight-free engines show the CPU time only. Also the "Retry at a smaller size when the GPU runs out of memory" check box. Everything here
// is cheap and pure (the configs are read once per model and cached), so it runs on the GUI thread.

#include "core/service/fit_estimate.h"
#include "core/service/history.h"

#include <QString>
#include <QWidget>

#include <map>
#include <optional>
#include <string>
#include <vector>

class QCheckBox;
class QLabel;
class QPushButton;

namespace i2v {
namespace ui {

class ParametersPanel;

// The device the estimate is for: a GPU (its total memory) or the CPU (the machine's memory).
struct DeviceBudget {
    QString name;
    qint64 totalBytes = 0;
    bool gpu = false;
};

class FitPanel : public QWidget {
    Q_OBJECT
public:
    // Follows `parameters` (family, model folder, values) and writes presets back into it.
    explicit FitPanel(ParametersPanel* parameters, QWidget* parent = nullptr);

    // GPU 0 through NVML (core/gpu) when present, else the CPU with the machine's memory.
    static DeviceBudget detectDevice();
    void setDevice(const DeviceBudget& device);
    const DeviceBudget& device() const { return m_device; }

    // Finished jobs of this machine (the history store's entries; read, never kept beyond samples).
    void setHistory(const std::vector<HistoryEntry>& entries);
    // One finished job of this session (family id, the settings it ran at, seconds).
    void addTimingSample(const std::string& family, const presets::TimingSample& sample);

    // The low-VRAM setting (AppSettings::lowVramMode), which changes the planned memory mode.
    void setLowVramMode(bool on);
    bool fits() const { return m_fits; }
    QString estimateText() const;
    // "Runs in low-VRAM mode: ..." (empty for weight-free engines and models without an estimate).
    QString memoryModeText() const;
    // The sentence for a planned memory mode (translated).
    static QString memoryModeSentence(MemoryMode mode);
    // The "Use W×H×F" suggestion when the settings do not fit (nullopt when they fit or nothing does).
    std::optional<presets::RunSettings> nearest() const { return m_nearest; }

    bool retryOnOutOfMemory() const;
    void setRetryOnOutOfMemory(bool on);

    // "40 s", "3 min", "1 h 5 min" (translated).
    static QString formatSeconds(double seconds);

public slots:
    void refresh();
    // Writes width, height and frames of the suggestion / a tier into the parameters.
    void useNearest();
    void applyTier(int index); // 0 Draft, 1 Standard, 2 Best

signals:
    void retryOnOutOfMemoryChanged(bool on);

private:
    const ModelShape* shape();
    presets::RunSettings currentRun() const;
    // Width, height, frames (and steps when `withSteps`) into the parameters, in one update.
    void applySettings(const presets::RunSettings& run, bool withSteps);
    void showTiers(const std::vector<presets::Tier>& tiers);

    ParametersPanel* m_parameters;
    QLabel* m_line;
    QLabel* m_nearestLink;
    QLabel* m_mode;
    std::vector<QPushButton*> m_tierButtons;
    QCheckBox* m_retry;
    DeviceBudget m_device;
    std::map<std::string, std::vector<presets::TimingSample>> m_samples; // family id -> samples
    std::map<std::string, std::optional<ModelShape>> m_shapes;   // "family|folder" -> shape
    std::vector<presets::Tier> m_tiers;
    std::optional<presets::RunSettings> m_nearest;
    bool m_fits = true;
    bool m_lowVram = false;
};

} // namespace ui
} // namespace i2v
