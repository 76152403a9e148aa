//! The worker thread: it owns the store, and carries out every store read and write,
//! certificate rendering and signing, so the thread that reads keys and draws never waits on
//! them. The state travels to the worker with the effects and comes back changed.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

use tracing::warn;

use crate::store::Store;
use crate::tui::app::{App, Effect};
use crate::tui::effects::{self, IssueFn, PagesFn, Services};

enum Job {
    /// Carry out these effects on the state.
    Run(Box<App>, Vec<Effect>),
    /// Re-read what changed if another terminal wrote since the state was read.
    Poll(Box<App>),
}

pub struct Worker {
    jobs: Sender<Job>,
    done: Receiver<Box<App>>,
}

/// What `poll_done` finds.
pub enum Finished {
    Yes(Box<App>),
    NotYet,
    /// The worker is gone (it panicked): the interface cannot go on.
    Gone,
}

impl Worker {
    pub fn start(store: Store, issue: IssueFn, data_dir: PathBuf, cert_out_dir: PathBuf) -> Worker {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (done_tx, done) = mpsc::channel::<Box<App>>();
        std::thread::spawn(move || {
            let pages: PagesFn = Box::new(crate::certificate::issue::page_counter(&data_dir));
            let svc = Services {
                store: &store,
                issue: &issue,
                cert_out_dir: &cert_out_dir,
                pages: &pages,
            };
            while let Ok(job) = job_rx.recv() {
                let app = match job {
                    Job::Run(mut app, list) => {
                        effects::run(&mut app, &svc, list);
                        app
                    }
                    Job::Poll(mut app) => {
                        poll(&mut app, &svc);
                        app
                    }
                };
                if done_tx.send(app).is_err() {
                    break;
                }
            }
        });
        Worker { jobs, done }
    }

    /// Hand over the state with effects to carry out; `poll_done` gives it back.
    pub fn send(&self, app: Box<App>, list: Vec<Effect>) -> anyhow::Result<()> {
        self.jobs
            .send(Job::Run(app, list))
            .map_err(|_| anyhow::anyhow!("后台处理线程已停止（worker stopped）"))
    }

    /// Hand over the state to look for other terminals' changes.
    pub fn send_poll(&self, app: Box<App>) -> anyhow::Result<()> {
        self.jobs
            .send(Job::Poll(app))
            .map_err(|_| anyhow::anyhow!("后台处理线程已停止（worker stopped）"))
    }

    pub fn poll_done(&self) -> Finished {
        match self.done.try_recv() {
            Ok(app) => Finished::Yes(app),
            Err(TryRecvError::Empty) => Finished::NotYet,
            Err(TryRecvError::Disconnected) => Finished::Gone,
        }
    }

    /// Carry out effects and wait for the state (start-up, before the screen opens).
    pub fn run(&self, app: Box<App>, list: Vec<Effect>) -> anyhow::Result<Box<App>> {
        self.send(app, list)?;
        self.done
            .recv()
            .map_err(|_| anyhow::anyhow!("后台处理线程已停止（worker stopped）"))
    }
}

fn poll(app: &mut App, svc: &Services) {
    match svc.store.change_stamp() {
        Ok(stamp) if stamp != app.data.stamp => {
            effects::run(app, svc, vec![Effect::Reload { external: true }]);
        }
        Ok(_) => {}
        Err(e) => {
            warn!(error = %e, "change stamp unreadable");
            app.error(e.text(app.lang.english()));
        }
    }
}
