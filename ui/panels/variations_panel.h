#pragma once
// The result of a best-of-N job under the preview: "Best of N" with what the job cost against a single clip,
// and the VariationGrid of its N clips (looping thumbnails, best first, the pick highlighted). A click on
// another variation forwards the intent to the service (core/service/best_of_pick.h: withPick, then the
// sidecars) on a pool thread; pickChanged() then hands the window the outcome with the new pick, for the
// preview, export and history. Hidden for a plain job. GUI thread only.

#include "core/base/error.h"
#include "core/service/cost.h"
#include "core/service/job_types.h"

#include <QImage>
#include <QVector>
#include <QWidget>

#include <memory>

class QLabel;

namespace i2v {
namespace ui {

class VariationGrid;

class VariationsPanel : public QWidget {
    Q_OBJECT
public:
    explicit VariationsPanel(QWidget* parent = nullptr);

    // Shows the variations of `outcome` when it is a finished best-of job (else hides the panel):
    // thumbnails (at most kMaxThumbFrames frames each) are made on a pool thread, then the grid appears.
    // `historyJob`: the id the job's history entries share (HistoryRecorder::record). `cost` prices the
    // summary; `fps` is the thumbnails' playback rate.
    void showOutcome(std::shared_ptr<const JobOutcome> outcome, const QString& historyJob, const CostSettings& cost,
                     int fps);
    void clear(); // hides the panel and forgets the job
    VariationGrid* grid() const { return m_grid; }
    std::shared_ptr<const JobOutcome> outcome() const { return m_outcome; }
    QString historyJob() const { return m_historyJob; }
    QString summaryText() const;
    bool isBusy() const { return m_busy; }

    static constexpr int kMaxThumbFrames = 24;

public slots:
    // Makes variation `index` (0-based) the pick; nothing happens for the current pick or while busy.
    void promote(int index);

signals:
    // The pick is now variation `index`: `outcome` stands for it (result, used, files), `frames` are its
    // frames for the preview. Emitted after the sidecars were brought in line, while the job is still shown.
    void pickChanged(std::shared_ptr<const i2v::JobOutcome> outcome, const QVector<QImage>& frames, int index);
    // Variation `index` of the job whose history entries share `historyJob` is now its pick on disk (its
    // sidecars): the history must follow. Emitted even when another job is shown by then.
    void pickMade(const QString& historyJob, int index);
    // The pick changed but a sidecar could not be rewritten, or the pick could not be changed.
    void promoteFailed(const i2v::Error& error);

private:
    void updateSummary();

    QLabel* m_summary;
    VariationGrid* m_grid;
    std::shared_ptr<const JobOutcome> m_outcome;
    QString m_historyJob;
    CostSettings m_cost;
    quint64 m_generation = 0; // drops thumbnails made for an outcome no longer shown
    bool m_busy = false;
};

} // namespace ui
} // namespace i2v
