#pragma once
// Queue panel: the job queue as a list (thumbnail, prompt, size/frames/steps/seed, state, progress), a
// view on QueueModel. Drag a row (or use the arrows) to reorder; remove; hold an item; pause/resume the
// whole queue (the running clip finishes, no new one starts); duplicate with a new seed; "N
// variations…"; export/import the queue as an `i2v batch` file. It edits the queue only through the
// model and the JobController's queue; it keeps no list of its own.

#include "core/base/error.h"

#include <QWidget>

#include <functional>

class QAction;
class QLabel;
class QListView;
class QToolButton;

namespace i2v {
namespace ui {

class JobController;
class QueueModel;

class QueuePanel : public QWidget {
    Q_OBJECT
public:
    explicit QueuePanel(JobController* jobs, QWidget* parent = nullptr);

    QueueModel* model() const { return m_model; }
    QListView* view() const { return m_view; }
    // Where imported jobs write their clips (the window's outputs folder).
    void setOutputsFolderProvider(std::function<QString()> provider) { m_outputsFolder = std::move(provider); }

    // The actions, also for tests and menus.
    QAction* pauseAction() const { return m_pause; }
    QAction* moveUpAction() const { return m_up; }
    QAction* moveDownAction() const { return m_down; }
    QAction* holdAction() const { return m_hold; }
    QAction* duplicateAction() const { return m_duplicate; }
    QAction* variationsAction() const { return m_variations; }
    QAction* removeAction() const { return m_remove; }
    QAction* clearFinishedAction() const { return m_clear; }
    QAction* exportAction() const { return m_export; }
    QAction* importAction() const { return m_import; }

public slots:
    void exportQueue();
    void importQueue();

signals:
    void errorOccurred(const i2v::Error& error);
    void message(const QString& text);

private:
    int currentRow() const;
    void selectRow(int row);
    void moveCurrent(int delta);
    void addVariations();
    void updateActions();

    JobController* m_jobs;
    QueueModel* m_model;
    QListView* m_view;
    QLabel* m_status;
    QToolButton* m_pauseButton;
    QAction* m_pause;
    QAction* m_up;
    QAction* m_down;
    QAction* m_hold;
    QAction* m_duplicate;
    QAction* m_variations;
    QAction* m_remove;
    QAction* m_clear;
    QAction* m_export;
    QAction* m_import;
    std::function<QString()> m_outputsFolder;
};

} // namespace ui
} // namespace i2v
