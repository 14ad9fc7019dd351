#include "ui/panels/run_bar.h"

#include "ui/i18n.h"
#include "ui/stage_texts.h"
#include "ui/widgets/elided_label.h"
#include "ui/style.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace i2v {
namespace ui {

RunBar::RunBar(QWidget* parent)
    : QWidget(parent), m_generate(new QPushButton(this)), m_cancel(new QPushButton(this)),
      m_variations(new QSpinBox(this)), m_progress(new QProgressBar(this)), m_status(new ElidedLabel(this))
{
    setObjectName(QStringLiteral("runBar"));
    m_generate->setObjectName(QStringLiteral("generateButton"));
    m_generate->setText(tr("Generate"));
    m_generate->setIcon(QIcon(QStringLiteral(":/icons/generate.svg")));
    m_generate->setMinimumHeight(40);
    m_generate->setMinimumWidth(160);
    m_generate->setDefault(true);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setIcon(themedIcon(QStringLiteral("cancel")));
    m_cancel->setMinimumHeight(40);
    m_cancel->setEnabled(false);
    m_variations->setObjectName(QStringLiteral("variationsBox"));
    m_variations->setRange(1, 16);
    m_variations->setValue(1);
    m_variations->setPrefix(tr("Variations: "));
    m_variations->setToolTip(tr("Make this many variations, score them with a CLIP model against the prompt and "
                                "the image, keep them all and pick the best (1 = one clip)"));
    m_variations->setMinimumHeight(40);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setTextVisible(false);
    m_progress->setFixedHeight(8);
    m_status->setObjectName(QStringLiteral("runStatus"));
    m_status->setFullText(tr("Ready"));
    setShortcuts(QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::Key_Escape));

    auto* info = new QVBoxLayout;
    info->setSpacing(4);
    info->addWidget(m_status);
    info->addWidget(m_progress);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(12);
    layout->addLayout(info, 1);
    layout->addWidget(m_cancel);
    layout->addWidget(m_variations);
    layout->addWidget(m_generate);

    connect(m_generate, &QPushButton::clicked, this, &RunBar::generateClicked);
    connect(m_cancel, &QPushButton::clicked, this, &RunBar::cancelClicked);
}

int RunBar::variations() const { return m_variations->value(); }

void RunBar::setShortcuts(const QKeySequence& generate, const QKeySequence& cancel)
{
    m_generateKey = generate;
    m_cancel->setToolTip(withShortcut(tr("Stop the current clip"), cancel));
    setRunning(m_running, m_queuedBehind);
}

void RunBar::setRunning(bool running, int queuedBehind)
{
    m_running = running;
    m_queuedBehind = queuedBehind;
    m_cancel->setEnabled(running);
    m_generate->setText(running ? tr("Add to queue") : tr("Generate"));
    if (running && queuedBehind > 0)
        m_generate->setToolTip(withShortcut(tr("%n more clip(s) waiting", nullptr, queuedBehind), m_generateKey));
    else
        m_generate->setToolTip(withShortcut(tr("Make the clip"), m_generateKey));
    if (!running)
        m_progress->setValue(0);
}

void RunBar::setProgress(const ProgressEvent& e)
{
    QStringList parts;
    parts << StageTexts::stage(e.stage);
    if (e.total > 0)
        parts << tr("step %1/%2").arg(e.step).arg(e.total);
    parts << tr("%1 elapsed").arg(StageTexts::duration(e.elapsedMs));
    // Overall fraction: the generating stage dominates; earlier stages fill the first 10 %, later the last.
    double fraction = 0;
    const double within = e.total > 0 ? std::clamp(double(e.step) / e.total, 0.0, 1.0) : 0.0;
    switch (e.stage) {
    case Stage::Queued: fraction = 0; break;
    case Stage::Loading: fraction = 0.02 + 0.04 * within; break;
    case Stage::EncodingPrompt:
    case Stage::EncodingImage: fraction = 0.06 + 0.04 * within; break;
    case Stage::Denoising: fraction = 0.10 + 0.75 * within; break;
    case Stage::Decoding: fraction = 0.85 + 0.10 * within; break;
    case Stage::Writing: fraction = 0.95 + 0.05 * within; break;
    case Stage::Done: fraction = 1; break;
    }
    if (fraction > 0.12 && e.elapsedMs > 500 && fraction < 1)
        parts << tr("about %1 left").arg(StageTexts::duration(e.elapsedMs * (1 - fraction) / fraction));
    m_status->setFullText(parts.join(QStringLiteral("  ·  ")));
    m_progress->setValue(static_cast<int>(fraction * 1000));
}

void RunBar::setStatus(const QString& text) { m_status->setFullText(text); }
QString RunBar::statusText() const { return m_status->fullText(); }
int RunBar::progressValue() const { return m_progress->value(); }

} // namespace ui
} // namespace i2v
