// QueueModel and QueuePanel driven through the model API with a paused queue (nothing runs): rows mirror
// the one queue, moveRows/removeRows edit it and emit the matching model signals, edits made on the queue
// directly reach the model through JobController::queueChanged, and the panel's actions (move down,
// hold, duplicate, pause) act on the selected row.
#include "core/service/job_queue.h"
#include "ui/i18n.h"
#include "ui/job_controller.h"
#include "ui/panels/queue_panel.h"
#include "ui/queue_model.h"

#include <QAction>
#include <QListView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace i2v;
using namespace i2v::ui;

namespace {

GenerationRequest request(const std::string& prompt, std::int64_t seed)
{
    GenerationRequest r;
    r.prompt = prompt;
    r.imagePath = "/nonexistent/" + prompt + ".png";
    r.width = 320;
    r.height = 192;
    r.frames = 8;
    r.steps = 30;
    r.seed = seed;
    return r;
}

QStringList prompts(const QueueModel& m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.index(r).data().toString();
    return out;
}

QStringList queuePrompts(JobController& jobs)
{
    QStringList out;
    for (const QueueEntry& e : jobs.queue().snapshot())
        out << QString::fromStdString(e.request.prompt);
    return out;
}

} // namespace

class TestQueueModel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { initResources(); }

    void rowsMoveAndRemoveThroughTheModel()
    {
        JobController jobs;
        jobs.queue().setPaused(true);
        QueueModel model(&jobs);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        for (const char* p : {"a", "b", "c", "d"})
            jobs.submit(request(p, 7));
        QTRY_COMPARE(model.rowCount(), 4); // refreshed through queueChanged
        QVERIFY(inserted.count() >= 1);
        QCOMPARE(prompts(model), (QStringList{"a", "b", "c", "d"}));

        const QModelIndex first = model.index(0);
        QCOMPARE(model.data(first, QueueModel::SummaryRole).toString(), QueueModel::summaryText(request("a", 7)));
        QVERIFY(model.data(first, QueueModel::SummaryRole).toString().contains(QStringLiteral("320")));
        QCOMPARE(model.data(first, QueueModel::StateRole).toInt(), int(JobState::Queued));
        QCOMPARE(model.data(first, QueueModel::ProgressRole).toInt(), -1);
        QCOMPARE(model.data(first, QueueModel::StatusRole).toString(), QueueModel::tr("Waiting"));
        QVERIFY(model.flags(first) & Qt::ItemIsDragEnabled);
        QVERIFY(model.flags(QModelIndex()) & Qt::ItemIsDropEnabled);

        // Qt's convention: row 0 "in front of row 3" ends at index 2.
        QVERIFY(model.moveRows({}, 0, 1, {}, 3));
        QCOMPARE(prompts(model), (QStringList{"b", "c", "a", "d"}));
        QCOMPARE(queuePrompts(jobs), prompts(model)); // one list: the queue moved, not a copy
        QVERIFY(model.moveRows({}, 3, 1, {}, 0));
        QCOMPARE(prompts(model), (QStringList{"d", "b", "c", "a"}));
        QCOMPARE(moved.count(), 2);
        QVERIFY(!model.moveRows({}, 9, 1, {}, 0));

        const quint64 idB = model.idAt(1);
        QVERIFY(model.removeRows(1, 1));
        QCOMPARE(prompts(model), (QStringList{"d", "c", "a"}));
        QCOMPARE(removed.count(), 1);
        QVERIFY(!jobs.queue().entry(idB));
        QCOMPARE(model.rowOf(idB), -1);

        // Edits made on the queue itself arrive through queueChanged as precise signals.
        jobs.queue().move(model.idAt(2), 0);
        QTRY_COMPARE(prompts(model), (QStringList{"a", "d", "c"}));
        QCOMPARE(moved.count(), 3);
        QVERIFY(jobs.queue().setHeld(model.idAt(1), true));
        QTRY_COMPARE(model.data(model.index(1), QueueModel::StatusRole).toString(), QueueModel::tr("On hold"));
        QCOMPARE(reset.count(), 0); // selections survive every edit above
    }

    void panelActionsEditTheSelectedRow()
    {
        JobController jobs;
        jobs.queue().setPaused(true);
        QueuePanel panel(&jobs);
        panel.resize(400, 500);
        panel.show();
        for (const char* p : {"one", "two", "three"})
            jobs.submit(request(p, 1));
        QueueModel* model = panel.model();
        QTRY_COMPARE(model->rowCount(), 3);
        QVERIFY(panel.pauseAction()->isChecked());
        QVERIFY(panel.exportAction()->isEnabled());

        panel.view()->setCurrentIndex(model->index(0));
        QVERIFY(panel.moveDownAction()->isEnabled());
        QVERIFY(!panel.moveUpAction()->isEnabled());
        panel.moveDownAction()->trigger();
        QCOMPARE(prompts(*model), (QStringList{"two", "one", "three"}));
        QCOMPARE(panel.view()->currentIndex().row(), 1); // the moved row stays selected

        panel.duplicateAction()->trigger();
        QCOMPARE(model->rowCount(), 4);
        QCOMPARE(prompts(*model), (QStringList{"two", "one", "one", "three"}));
        QCOMPARE(panel.view()->currentIndex().row(), 2);
        QVERIFY(model->entryAt(2)->request.seed != model->entryAt(1)->request.seed);

        panel.holdAction()->trigger();
        QVERIFY(model->entryAt(2)->held);
        QVERIFY(panel.holdAction()->isChecked());

        panel.removeAction()->trigger();
        QCOMPARE(prompts(*model), (QStringList{"two", "one", "three"}));

        panel.pauseAction()->trigger(); // resume
        QVERIFY(!jobs.queue().paused());
        QCOMPARE(panel.pauseAction()->text(), QueuePanel::tr("Pause queue"));
        jobs.queue().setPaused(true);
        QTRY_VERIFY(panel.pauseAction()->isChecked());
    }
};

QTEST_MAIN(TestQueueModel)
#include "test_queue_model.moc"
