#include "ui/panels/fit_panel.h"

#include "core/engine/api/model_family.h"
#include "core/engine/api/runtime_info.h"
#include "core/gpu/gpu_monitor.h"
#include "core/service/fit_estimate.h"
#include "core/service/timing_history.h"
#include "ui/panels/parameters_panel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>
#include <unistd.h>

namespace i2v {
namespace ui {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
const char* const kTierNames[] = {QT_TRANSLATE_NOOP("i2v::ui::FitPanel", "Draft"),
                                  QT_TRANSLATE_NOOP("i2v::ui::FitPanel", "Standard"),
                                  QT_TRANSLATE_NOOP("i2v::ui::FitPanel", "Best")};

// "9.8" (one decimal below 10 GB, none above: "24").
QString gigabytes(qint64 bytes)
{
    const double gb = static_cast<double>(bytes) / kGiB;
    return QString::number(gb, 'f', gb < 10 ? 1 : 0);
}

QString sizeText(const presets::RunSettings& run)
{
    return QStringLiteral("%1×%2×%3").arg(run.width).arg(run.height).arg(run.frames);
}

} // namespace

FitPanel::FitPanel(ParametersPanel* parameters, QWidget* parent)
    : QWidget(parent), m_parameters(parameters), m_line(new QLabel(this)), m_nearestLink(new QLabel(this)),
      m_mode(new QLabel(this)),
      m_retry(new QCheckBox(tr("Retry at a smaller size when the GPU runs out of memory"), this)),
      m_device(detectDevice())
{
    m_line->setObjectName(QStringLiteral("fitLine"));
    m_line->setWordWrap(true);
    m_mode->setObjectName(QStringLiteral("fitMode"));
    m_mode->setWordWrap(true);
    m_lowVram = lowVramMode(); // the engine's setting; the window keeps it in step (setLowVramMode)
    m_nearestLink->setObjectName(QStringLiteral("fitNearest"));
    m_nearestLink->setTextFormat(Qt::RichText);
    m_nearestLink->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    m_retry->setObjectName(QStringLiteral("oomRetry"));
    m_retry->setChecked(true);
    m_retry->setToolTip(tr("If a clip fails because the graphics card's memory is full, it is made once more at the "
                           "next smaller size and frame count, and the history says so."));

    auto* tiers = new QHBoxLayout;
    tiers->setContentsMargins(0, 0, 0, 0);
    for (int i = 0; i < 3; ++i) {
        auto* button = new QPushButton(tr(kTierNames[i]), this);
        button->setObjectName(QStringLiteral("tier%1").arg(QString::fromLatin1(kTierNames[i])));
        connect(button, &QPushButton::clicked, this, [this, i] { applyTier(i); });
        tiers->addWidget(button);
        m_tierButtons.push_back(button);
    }

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 0, 10, 8);
    layout->setSpacing(4);
    layout->addLayout(tiers);
    layout->addWidget(m_line);
    layout->addWidget(m_mode);
    layout->addWidget(m_nearestLink);
    layout->addWidget(m_retry);

    connect(m_nearestLink, &QLabel::linkActivated, this, &FitPanel::useNearest);
    connect(m_retry, &QCheckBox::toggled, this, &FitPanel::retryOnOutOfMemoryChanged);
    connect(m_parameters, &ParametersPanel::valuesChanged, this, &FitPanel::refresh);
    connect(m_parameters, &ParametersPanel::familyChanged, this, &FitPanel::refresh);
    refresh();
}

DeviceBudget FitPanel::detectDevice()
{
    GpuMonitor monitor;
    const GpuMemorySample s = monitor.sample();
    if (s.hasGpu && s.deviceTotalBytes > 0)
        return {QString::fromStdString(s.deviceName), s.deviceTotalBytes, true};
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGE_SIZE);
    return {tr("this computer (CPU)"), pages > 0 && pageSize > 0 ? qint64(pages) * pageSize : 0, false};
}

void FitPanel::setDevice(const DeviceBudget& device)
{
    m_device = device;
    refresh();
}

void FitPanel::setHistory(const std::vector<HistoryEntry>& entries)
{
    m_samples.clear();
    for (const HistoryEntry& e : entries)
        if (!m_samples.count(e.family))
            m_samples[e.family] = timingSamplesFor(entries, e.family);
    refresh();
}

void FitPanel::addTimingSample(const std::string& family, const presets::TimingSample& sample)
{
    m_samples[family].push_back(sample);
    refresh();
}

void FitPanel::setLowVramMode(bool on)
{
    if (m_lowVram == on)
        return;
    m_lowVram = on;
    refresh();
}

QString FitPanel::estimateText() const { return m_line->text(); }
QString FitPanel::memoryModeText() const { return m_mode->text(); }

QString FitPanel::memoryModeSentence(MemoryMode mode)
{
    switch (mode) {
    case MemoryMode::Cpu:
        return tr("Runs on the CPU with the whole model in system memory (slow).");
    case MemoryMode::Resident:
        return tr("Runs with the whole model on the GPU.");
    case MemoryMode::EncoderOffload:
        return tr("Runs in low-VRAM mode: text and image encoders in system memory, on the GPU only while they "
                  "run.");
    case MemoryMode::BlockOffload:
        return tr("Runs in low-VRAM mode: encoders in system memory, transformer blocks streamed from system "
                  "memory (slower).");
    }
    return {};
}

bool FitPanel::retryOnOutOfMemory() const { return m_retry->isChecked(); }
void FitPanel::setRetryOnOutOfMemory(bool on) { m_retry->setChecked(on); }

const ModelShape* FitPanel::shape()
{
    const ModelFamily* family = m_parameters->family();
    if (!family)
        return nullptr;
    const std::string folder = m_parameters->modelFolder().toStdString();
    const std::string key = family->id() + "|" + folder;
    auto it = m_shapes.find(key);
    if (it == m_shapes.end())
        it = m_shapes.emplace(key, readMemoryShape(*family, folder)).first;
    return it->second ? &*it->second : nullptr;
}

presets::RunSettings FitPanel::currentRun() const
{
    const QVariantMap v = m_parameters->values();
    presets::RunSettings run;
    run.width = v.value(QStringLiteral("width"), run.width).toInt();
    run.height = v.value(QStringLiteral("height"), run.height).toInt();
    run.frames = v.value(QStringLiteral("frames"), run.frames).toInt();
    run.steps = v.value(QStringLiteral("steps"), 1).toInt(); // engines without steps: time per frame
    run.decodeChunk = v.value(QStringLiteral("decode_chunk"), 1).toInt();
    // The chosen device and precision; "auto" = float16 on CUDA, float32 on the CPU.
    run.cuda = m_device.gpu && m_parameters->device() != QLatin1String("cpu");
    const QString dtype = m_parameters->dtype();
    run.bytesPerElement = dtype == QLatin1String("float32") ? 4
                          : dtype == QLatin1String("float16") || dtype == QLatin1String("bfloat16") ? 2
                          : run.cuda ? 2 : 4;
    return run;
}

void FitPanel::refresh()
{
    const ModelFamily* family = m_parameters->family();
    const ModelShape* model = shape();
    const presets::RunSettings run = currentRun();
    FitEstimate fit; // the service's estimate (core/service/fit_estimate.h); none without a family
    if (family)
        fit = estimateFit(*family, model, run, m_device.totalBytes, m_samples[family->id()], m_lowVram);
    m_nearest = fit.nearest;
    m_fits = fit.fits;
    m_tiers = fit.tiers;
    const QString time = fit.seconds ? tr("about %1").arg(formatSeconds(*fit.seconds)) : QString();

    QString text;
    if (!family || !fit.hasShape) {
        text = tr("No memory estimate for this model (its configuration could not be read).");
    } else if (fit.weightFree) {
        // Weight-free engines render on the CPU with little memory: only the time matters.
        text = fit.seconds ? tr("Runs on the CPU, %1").arg(time)
                           : tr("Runs on the CPU; the time is shown after the first clip.");
    } else {
        const QString total = gigabytes(m_device.totalBytes);
        if (m_fits) {
            text = tr("fits: %1 of %2 GB").arg(gigabytes(fit.peakBytes), total);
            if (fit.seconds)
                text += QStringLiteral(", ") + time;
        } else {
            text = tr("does not fit: needs %1 GB, %2 has %3 GB").arg(gigabytes(fit.peakBytes), m_device.name, total);
        }
    }
    m_line->setText(text);
    QString mode;
    if (family && fit.hasShape && !fit.weightFree) {
        mode = memoryModeSentence(fit.memoryMode);
        if (fit.lowVramMode)
            mode += QLatin1Char(' ') + tr("Low-VRAM mode (Preferences) would make it fit: %1 GB, slower.")
                                           .arg(gigabytes(fit.lowVramPeakBytes));
    }
    m_mode->setText(mode);
    m_mode->setVisible(!mode.isEmpty());
    m_line->setToolTip(tr("Estimated peak memory for %1 on %2").arg(sizeText(run), m_device.name));
    m_line->setStyleSheet(m_fits ? QString() : QStringLiteral("color: #c62828; font-weight: bold;"));
    m_line->setProperty("fits", m_fits);
    if (m_nearest) {
        m_nearestLink->setText(tr("Nearest that fits: <a href=\"use\">Use %1</a>").arg(sizeText(*m_nearest)));
        m_nearestLink->show();
    } else if (!m_fits) {
        m_nearestLink->setText(tr("Nothing fits on this device; pick a smaller model or run on the CPU."));
        m_nearestLink->show();
    } else {
        m_nearestLink->hide();
    }
    showTiers(m_tiers);
}

QString FitPanel::formatSeconds(double seconds)
{
    if (seconds < 90)
        return tr("%1 s").arg(std::max(1L, std::lround(seconds)));
    if (seconds < 90 * 60)
        return tr("%1 min").arg(std::lround(seconds / 60));
    return tr("%1 h %2 min").arg(std::lround(seconds) / 3600).arg((std::lround(seconds) % 3600) / 60);
}

void FitPanel::showTiers(const std::vector<presets::Tier>& tiers)
{
    for (std::size_t i = 0; i < m_tierButtons.size(); ++i) {
        QPushButton* button = m_tierButtons[i];
        button->setEnabled(i < tiers.size());
        if (i >= tiers.size()) {
            button->setToolTip(tr("Nothing fits on this device."));
            continue;
        }
        const presets::Tier& t = tiers[i];
        button->setToolTip(tr("%1, %2 steps, about %3 GB").arg(sizeText(t.run)).arg(t.run.steps).arg(
            gigabytes(t.memory.peakBytes)));
    }
}

void FitPanel::applySettings(const presets::RunSettings& run, bool withSteps)
{
    QVariantMap values = m_parameters->values();
    if (withSteps && values.contains(QStringLiteral("steps")))
        values.insert(QStringLiteral("steps"), run.steps);
    values.insert(QStringLiteral("width"), run.width);
    values.insert(QStringLiteral("height"), run.height);
    values.insert(QStringLiteral("frames"), run.frames);
    m_parameters->setValues(values); // clamped and snapped to the engine's ranges; emits valuesChanged
}

void FitPanel::useNearest()
{
    if (m_nearest)
        applySettings(*m_nearest, /*withSteps=*/false); // steps do not change memory: keep the user's
}

void FitPanel::applyTier(int index)
{
    if (index < 0 || index >= static_cast<int>(m_tiers.size()))
        return;
    applySettings(m_tiers[static_cast<std::size_t>(index)].run, /*withSteps=*/true);
}

} // namespace ui
} // namespace i2v
