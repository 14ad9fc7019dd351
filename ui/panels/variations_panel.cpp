#include "ui/panels/variations_panel.h"

#include "core/service/best_of_pick.h"
#include "ui/async.h"
#include "ui/image_convert.h"
#include "ui/stage_texts.h"
#include "ui/widgets/variation_grid.h"

#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace i2v {
namespace ui {
namespace {

// At most `most` indices spread evenly over 0..count-1, first and last included.
std::vector<std::size_t> sampled(std::size_t count, std::size_t most)
{
    std::vector<std::size_t> out;
    if (count == 0)
        return out;
    const std::size_t n = std::min(count, most);
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(n == 1 ? 0 : (i * (count - 1) + (n - 1) / 2) / (n - 1));
    return out;
}

struct Thumbnails {
    QVector<VariationTileData> tiles;
    int fps = 8;
};

struct Promoted {
    std::shared_ptr<const JobOutcome> outcome;
    QVector<QImage> frames;
    Error sidecarError; // set when the sidecars could not all be rewritten
};

} // namespace

VariationsPanel::VariationsPanel(QWidget* parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_grid(new VariationGrid(this))
{
    setObjectName(QStringLiteral("variationsPanel"));
    m_summary->setObjectName(QStringLiteral("variationsSummary"));
    m_summary->setWordWrap(true);
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 4, 12, 2);
    layout->setSpacing(3);
    layout->addWidget(m_summary);
    layout->addWidget(m_grid);
    connect(m_grid, &VariationGrid::promoteRequested, this, &VariationsPanel::promote);
    setVisible(false);
}

void VariationsPanel::showOutcome(std::shared_ptr<const JobOutcome> outcome, const QString& historyJob,
                                  const CostSettings& cost, int fps)
{
    clear();
    if (!outcome || outcome->state != JobState::Done || outcome->variations.empty())
        return;
    m_outcome = std::move(outcome);
    m_historyJob = historyJob;
    m_cost = cost;
    const quint64 generation = ++m_generation;
    const qreal ratio = devicePixelRatioF();
    runAsync<Thumbnails>(
        this,
        [outcome = m_outcome, fps, ratio] {
            Thumbnails t;
            const QSize box(qRound(112 * ratio), qRound(84 * ratio));
            std::size_t longest = 1, shown = 1;
            for (std::size_t i = 0; i < outcome->variations.size(); ++i) {
                const VariationOutcome& v = outcome->variations[i];
                VariationTileData d;
                d.index = v.index;
                d.rank = v.rank;
                d.pick = v.pick;
                d.score = v.score.total;
                d.scorePrompt = v.score.promptSimilarity;
                d.scoreImage = v.score.imageSimilarity;
                d.scoreTemporal = v.score.temporal;
                d.seed = v.seed;
                d.file = v.files.empty() ? QString() : QString::fromStdString(v.files.front());
                const std::vector<Image>& frames = variationFrames(*outcome, i);
                const std::vector<std::size_t> picked = sampled(frames.size(), kMaxThumbFrames);
                for (std::size_t f : picked)
                    d.frames.push_back(toQImage(frames[f]).scaled(box, Qt::KeepAspectRatio, Qt::SmoothTransformation));
                if (frames.size() >= longest) {
                    longest = frames.size();
                    shown = std::max<std::size_t>(1, picked.size());
                }
                t.tiles.push_back(std::move(d));
            }
            // Fewer frames than the clip: slower, so a loop lasts as long as the clip.
            t.fps = std::max(1, static_cast<int>(std::lround(fps * static_cast<double>(shown) / longest)));
            return t;
        },
        [this, generation](Result<Thumbnails> r) {
            if (generation != m_generation || !r)
                return; // another result is shown by now (a failure here leaves the plain preview)
            m_grid->setVariations(std::move(r.value().tiles), r.value().fps);
            updateSummary();
            setVisible(true);
        });
}

void VariationsPanel::clear()
{
    ++m_generation;
    m_outcome.reset();
    m_historyJob.clear();
    m_busy = false;
    m_grid->clear();
    m_grid->setEnabled(true);
    m_summary->clear();
    setVisible(false);
}

QString VariationsPanel::summaryText() const { return m_summary->text(); }

void VariationsPanel::updateSummary()
{
    if (!m_outcome)
        return;
    const double seconds = m_outcome->durationMs / 1000.0;
    const BestOfCost c = bestOfCost(static_cast<int>(m_outcome->variations.size()), seconds,
                                    m_outcome->scoringMs / 1000.0, clipCost(m_cost, seconds));
    const QString text = StageTexts::bestOfCost(c, m_cost);
    m_summary->setText(text + QLatin1Char(' ') + tr("Click a variation to keep it instead."));
}

void VariationsPanel::promote(int index)
{
    if (!m_outcome || m_busy || index < 0 || index == m_grid->pickIndex())
        return;
    m_busy = true;
    m_grid->setEnabled(false);
    const quint64 generation = m_generation;
    const QString historyJob = m_historyJob;
    runAsync<Promoted>(
        this,
        [outcome = m_outcome, index] {
            Promoted p;
            // The service's rule (core/service/best_of_pick.h); the copy's frames are moved, not copied again.
            auto next = std::make_shared<JobOutcome>(withPick(JobOutcome(*outcome), static_cast<std::size_t>(index)));
            try {
                writePickToSidecars(*next);
            } catch (const I2vError& e) {
                p.sidecarError = e.error();
            }
            for (const Image& f : next->result.frames)
                p.frames.push_back(toQImage(f));
            p.outcome = std::move(next);
            return p;
        },
        [this, generation, index, historyJob](Result<Promoted> r) {
            if (r && !historyJob.isEmpty())
                emit pickMade(historyJob, index); // the sidecars say so now: the history follows in any case
            if (generation != m_generation)
                return; // the panel shows another job by now
            m_busy = false;
            m_grid->setEnabled(true);
            if (!r) {
                emit promoteFailed(r.error());
                return;
            }
            m_outcome = r.value().outcome;
            m_grid->setPick(index);
            emit pickChanged(m_outcome, r.value().frames, index);
            if (!r.value().sidecarError.ok())
                emit promoteFailed(r.value().sidecarError);
        });
}

} // namespace ui
} // namespace i2v
